/** The only TURNSTILE_SECRET_KEY the local siteverify stand-in accepts (test/kit/stand-ins/turnstile.ts). */
export const standInSecret = "stand-in-turnstile-secret";
