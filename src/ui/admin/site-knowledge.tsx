// A site's knowledge: the documents its widget answers from (pasted text or a page the Worker fetches), with
// add and delete. Answers cite these documents as links.
import { useState } from "preact/hooks";
import { adminRequest } from "./admin-api.ts";
import { text } from "./form-values.ts";
import { formatCount, formatTime } from "./format.ts";
import type { Site } from "./schemas.ts";
import { knowledgeDocSchema, knowledgeListSchema } from "./site-schemas.ts";
import { errorText, useLoad } from "./use-load.ts";

/** The knowledge list and add form of `site`. */
export function SiteKnowledge({ site }: { site: Site }) {
  const base = `/sites/${encodeURIComponent(site.id)}/knowledge`;
  const docs = useLoad((signal) => adminRequest(base, knowledgeListSchema, { signal }), site.id);
  const [source, setSource] = useState<"text" | "url">("text");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = (field: string) => `knowledge-${site.id}-${field}`;

  const add = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const title = text(form, "title");
    const body = source === "url" ? { title, url: text(form, "url") } : { title, text: text(form, "text") };
    setProblem(null);
    setBusy(true);
    adminRequest(base, knowledgeDocSchema, { method: "POST", body }).then(
      () => {
        setBusy(false);
        form.reset();
        docs.reload();
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(errorText(error));
      },
    );
  };
  const remove = (docId: string, title: string) => {
    if (!window.confirm(`Remove “${title}” from ${site.name}'s knowledge?`)) return;
    adminRequest(`${base}/${encodeURIComponent(docId)}`, null, { method: "DELETE" }).then(docs.reload, (error) =>
      setProblem(errorText(error)),
    );
  };

  return (
    <>
      {docs.error && <p role="alert">{docs.error}</p>}
      {docs.data?.data.length === 0 && <p>No documents yet: the widget answers from its instructions alone.</p>}
      {docs.data && docs.data.data.length > 0 && (
        <ul class="plain-list" aria-label={`Knowledge of ${site.name}`}>
          {docs.data.data.map((doc) => (
            <li key={doc.id}>
              <strong>{doc.title}</strong>{" "}
              <span class="note">
                {doc.url ? doc.url : "pasted text"}
                {doc.chars != null ? ` · ${formatCount(doc.chars)} characters` : ""}
                {doc.fetchedAt ? ` · fetched ${formatTime(doc.fetchedAt)}` : ""}
              </span>{" "}
              <button
                type="button"
                class="danger"
                aria-label={`Delete ${doc.title}`}
                onClick={() => remove(doc.id, doc.title)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="grid" aria-label={`Add knowledge to ${site.name}`} onSubmit={add}>
        <label class="field" for={id("title")}>
          <span>Document title</span>
          <input id={id("title")} name="title" required maxLength={200} />
        </label>
        <fieldset class="field">
          <legend>Content from</legend>
          <label class="field inline">
            <input type="radio" name="source" checked={source === "text"} onChange={() => setSource("text")} />
            <span>Pasted text</span>
          </label>
          <label class="field inline">
            <input type="radio" name="source" checked={source === "url"} onChange={() => setSource("url")} />
            <span>A web page</span>
          </label>
        </fieldset>
        {source === "url" ? (
          <label class="field" for={id("url")}>
            <span>Page URL</span>
            <input id={id("url")} name="url" type="url" required placeholder="https://shop.example/shipping" />
          </label>
        ) : (
          <label class="field" for={id("text")}>
            <span>Document text</span>
            <textarea id={id("text")} name="text" required rows={5} />
          </label>
        )}
        {problem && <p role="alert">{problem}</p>}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Adding…" : "Add document"}
          </button>
        </div>
      </form>
    </>
  );
}
