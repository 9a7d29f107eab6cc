/** The only TURNSTILE_SECRET_KEY the local siteverify stand-in accepts (test/helpers/turnstile-stand-in.ts). */
export const standInSecret = "stand-in-turnstile-secret";
