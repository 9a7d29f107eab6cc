// Where the Worker may send requests on an owner's behalf (the hand-off webhook, knowledge pages to fetch):
// https anywhere, plain http only to this machine and only in local dev/tests (DEV_REGION_HEADER), where the
// receivers are loopback servers. Deployed Workers cannot reach loopback or private addresses anyway.

const loopbackHosts = /^(localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Why the Worker must not call `raw`, or null when it may. */
export function outboundUrlProblem(raw: string, localDev: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username !== "" || url.password !== "") return "must not contain credentials";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && localDev && loopbackHosts.test(url.hostname)) return null;
  return localDev ? "must be https (http only for localhost)" : "must be an https URL";
}
