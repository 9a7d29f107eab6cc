// A site's "Talk to a person" requests, newest first, with their delivery to the owner's webhook.

import { adminRequest } from "./admin-api.ts";
import { DataTable } from "./data-table.tsx";
import { formatTime } from "./format.ts";
import type { Site } from "./schemas.ts";
import { handoffListSchema } from "./site-schemas.ts";
import { useLoad } from "./use-load.ts";

/** The hand-offs of `site`. */
export function SiteHandoffs({ site }: { site: Site }) {
  const handoffs = useLoad(
    (signal) => adminRequest(`/sites/${encodeURIComponent(site.id)}/handoffs`, handoffListSchema, { signal }),
    site.id,
  );
  if (handoffs.error) return <p role="alert">{handoffs.error}</p>;
  if (handoffs.data?.data.length === 0) return <p>No hand-offs yet.</p>;
  if (!handoffs.data) return null;
  return (
    <DataTable caption={`Hand-offs of ${site.name}`} captionHidden columns={["When", "Email", "Note", "Delivery"]}>
      {handoffs.data.data.map((handoff) => (
        <tr key={handoff.id}>
          <td>{formatTime(handoff.createdAt)}</td>
          <td>{handoff.email}</td>
          <td>{handoff.note}</td>
          <td>
            {handoff.deliveredAt
              ? `delivered ${formatTime(handoff.deliveredAt)}`
              : `${handoff.status ?? "pending"}${handoff.attempts ? ` (${handoff.attempts} attempts)` : ""}${handoff.lastError ? `: ${handoff.lastError}` : ""}`}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
