import { parseCli, USAGE } from "./cli.ts";
import { startSimulator } from "./server.ts";

const command = parseCli(process.argv.slice(2));
if (command.kind === "help") {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (command.kind === "error") {
  process.stderr.write(`${command.message}\n\n${USAGE}`);
  process.exit(2);
}

const simulator = await startSimulator(command.options);
console.log(`simulator listening on ${simulator.url}`);

let closing = false;
const shutdown = (): void => {
  if (closing) process.exit(1);
  closing = true;
  simulator.close().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
