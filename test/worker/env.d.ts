// Test-only bindings, added to the generated Env.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    SIMULATOR_URL: string;
    /** The local Turnstile siteverify stand-in (test/helpers/turnstile-stand-in.ts). */
    TURNSTILE_STAND_IN_URL: string;
    /** The site owner's server stand-in (test/helpers/owner-site-stand-in.ts). */
    OWNER_SITE_URL: string;
  }
}
