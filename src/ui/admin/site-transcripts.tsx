// A site's transcripts: its visitors' conversations, newest first, with a search over their text.
import { useState } from "preact/hooks";
import { adminRequest, query } from "./admin-api.ts";
import { formatTime } from "./format.ts";
import type { Site } from "./schemas.ts";
import { transcriptListSchema } from "./site-schemas.ts";
import { useLoad } from "./use-load.ts";

/** Transcripts of `site`, searchable. */
export function SiteTranscripts({ site }: { site: Site }) {
  const [search, setSearch] = useState("");
  const transcripts = useLoad(
    (signal) =>
      adminRequest(`/sites/${encodeURIComponent(site.id)}/conversations${query({ q: search })}`, transcriptListSchema, {
        signal,
      }),
    `${site.id}:${search}`,
  );
  const searchId = `transcripts-${site.id}-search`;
  return (
    <>
      <search>
        <form
          class="actions"
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get("q");
            setSearch(typeof value === "string" ? value.trim() : "");
          }}
        >
          <label class="field inline" for={searchId}>
            <span>Search transcripts</span>
            <input id={searchId} name="q" type="search" defaultValue={search} />
          </label>
          <button type="submit">Search</button>
        </form>
      </search>
      {transcripts.error && <p role="alert">{transcripts.error}</p>}
      {transcripts.data?.data.length === 0 && <p>{search ? "No conversation matches." : "No conversations yet."}</p>}
      {transcripts.data?.data.map((conversation) => (
        <details key={conversation.id} class="transcript">
          <summary>
            {conversation.title || "Untitled"} · {formatTime(conversation.updatedAt ?? conversation.createdAt)}
          </summary>
          <ol class="plain-list">
            {(conversation.messages ?? []).map((message, index) => (
              <li key={`${conversation.id}-${index}`}>
                <strong>{message.role === "user" ? "Visitor" : "Assistant"}:</strong> {message.content}
              </li>
            ))}
          </ol>
        </details>
      ))}
    </>
  );
}
