// Test-only bindings, added to the generated Env.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    SIMULATOR_URL: string;
    /** The local Turnstile siteverify stand-in (test/kit/stand-ins/turnstile.ts). */
    TURNSTILE_STAND_IN_URL: string;
    /** The site owner's server stand-in (test/kit/stand-ins/owner-site.ts). */
    OWNER_SITE_URL: string;
  }
}
