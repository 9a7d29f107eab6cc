// `node bench/retrieval.ts`: only the widget retrieval row of `npm run bench` (about 30 s): the gateway in
// `wrangler dev --local`, 5 sites × 50 knowledge documents, 200 previews of a visitor question.
import { startBenchGateway, UPSTREAM_OPTIONS } from "./lib/bench-gateway.ts";
import { startSimulatorProcess } from "./lib/processes.ts";
import { renderTable } from "./lib/report.ts";
import { retrievalFigures } from "./lib/retrieval-figures.ts";

const simulator = await startSimulatorProcess();
const gateway = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS, { verbose: process.env.VERBOSE === "1" });
try {
  const { figures, detail } = await retrievalFigures(gateway.url, { sites: 5, docsPerSite: 50, samples: 210 });
  console.log(renderTable(figures));
  console.log(JSON.stringify(detail));
} finally {
  await gateway.stop();
  await simulator.stop();
}
