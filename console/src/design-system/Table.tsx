import type { ReactNode } from 'react';
import './Table.css';

export interface TableColumn<Row> {
  key: string;
  header: ReactNode;
  render: (row: Row) => ReactNode;
  align?: 'start' | 'end';
  /** Figures: tabular digits, aligned to the end. */
  numeric?: boolean;
}

export interface TableProps<Row> {
  caption: ReactNode;
  /** Show the caption to sighted users too (it is always read by screen readers). */
  showCaption?: boolean;
  columns: Array<TableColumn<Row>>;
  rows: Row[];
  rowKey: (row: Row) => string;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
  /** On a phone, each row becomes a card of "header: value" lines instead of a table scrolled sideways. */
  stackOnPhone?: boolean;
}

/** A dense data table with a sticky header; rows are plain, no zebra, hover highlights. */
export function Table<Row>({ caption, showCaption = false, columns, rows, rowKey, empty, stackOnPhone = false }: TableProps<Row>) {
  return (
    <div className="ds-table-wrap">
      <table className={stackOnPhone ? 'ds-table ds-table--stack' : 'ds-table'}>
        <caption className={showCaption ? 'ds-table__caption' : 'cc-visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={column.numeric || column.align === 'end' ? 'ds-table__cell--end' : undefined}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="ds-table__empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => (
                  <td
                    key={column.key}
                    data-label={stackOnPhone && typeof column.header === 'string' ? column.header : undefined}
                    className={
                      [column.numeric ? 'ds-table__cell--numeric' : '', column.numeric || column.align === 'end' ? 'ds-table__cell--end' : '']
                        .filter(Boolean)
                        .join(' ') || undefined
                    }
                  >
                    {stackOnPhone ? <span className="ds-table__value">{column.render(row)}</span> : column.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
