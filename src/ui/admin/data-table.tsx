// The console's one table shape: a scrolling box, a caption, a row of column headings, and a row saying why
// the table is empty. Each page only writes its rows.

import type { ComponentChildren } from "preact";

type DataTableProps = {
  /** Visible caption; a screen-reader-only one when `captionHidden`. Omitted where a heading already names it. */
  caption?: ComponentChildren;
  captionHidden?: boolean;
  columns: string[];
  /** Shown across the whole table instead of rows, when set. */
  empty?: string;
  children: ComponentChildren;
};

/** A table with column headings whose body is `children` (or the `empty` line). */
export function DataTable({ caption, captionHidden, columns, empty, children }: DataTableProps) {
  return (
    <div class="table-scroll">
      <table>
        {caption !== undefined && <caption class={captionHidden ? "sr-only" : undefined}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {empty !== undefined && (
            <tr>
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          )}
          {children}
        </tbody>
      </table>
    </div>
  );
}
