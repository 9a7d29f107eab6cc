// The numbers are what a free public site can live with: a household, an office or a campus NAT rarely brings
// more than a handful of brand-new visitors an hour, and a blocked one can still read and try again later;
// a script on one address (or one IPv6 /64) gets at most 100 rows a day (36,500 a year) instead of unlimited.
// Imports nothing, so Node-side tests can read it too.

/** New visitors (users rows) one network may create: per hour and per day. */
export const newIdentityLimits = { perHour: 20, perDay: 100 } as const;
