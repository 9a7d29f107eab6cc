// A stand-in for Cloudflare Access's key endpoint (`https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`):
// a loopback HTTP server that serves whatever key set a test stored under a name. Tests generate their own
// key pairs inside workerd, PUT the public half here, and point ACCESS_CERTS_URL at `<url>/<name>`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A running stand-in. */
export type JwksStandIn = { url: string; close(): Promise<void> };

/** Starts the stand-in on a free loopback port. `GET /<name>` answers 404 until a key set is PUT there. */
export async function startJwksStandIn(): Promise<JwksStandIn> {
  const sets = new Map<string, string>();
  const server = createServer((request, response) => {
    const name = request.url ?? "/";
    if (request.method === "PUT") {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        sets.set(name, body);
        response.writeHead(204).end();
      });
      return;
    }
    const set = sets.get(name);
    if (set === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("no key set here");
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(set);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
