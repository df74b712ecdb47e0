import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { amountTiyn } from '../format';
import { useI18n } from '../i18n/language';
import { ScrollRegion } from './bits';

/**
 * A table whose column headers sort it (click, or Enter/Space on the focused header button), with
 * aria-sort saying how. Amounts sort exactly by their tiyn, text by the chosen language's collation.
 */
export interface Column<Row> {
  key: string;
  label: string;
  /** What is shown in the cell. */
  render: (row: Row) => ComponentChildren;
  /** What the column sorts by; without it the column does not sort. */
  sortValue?: (row: Row) => string | number | bigint | null;
  /** Right-aligned figures. */
  numeric?: boolean;
}

export function amountSort(value: string | null | undefined): bigint {
  return value ? amountTiyn(value) : 0n;
}

type Direction = 'ascending' | 'descending';

function compare(
  left: string | number | bigint | null,
  right: string | number | bigint | null,
  collator: Intl.Collator,
): number {
  if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;
  if (typeof left === 'string' && typeof right === 'string') return collator.compare(left, right);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function SortableTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  footer,
  empty,
  initialSort,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string | number;
  caption: string;
  footer?: ComponentChildren;
  empty?: string;
  initialSort?: { key: string; direction: Direction };
}) {
  const { t, language } = useI18n();
  const [sort, setSort] = useState<{ key: string; direction: Direction } | null>(initialSort ?? null);
  const collator = new Intl.Collator(language, { numeric: true, sensitivity: 'base' });
  const column = sort ? columns.find((candidate) => candidate.key === sort.key) : undefined;
  const sorted = column?.sortValue
    ? [...rows].sort((left, right) => {
        const order = compare(column.sortValue?.(left) ?? null, column.sortValue?.(right) ?? null, collator);
        return sort?.direction === 'descending' ? -order : order;
      })
    : rows;
  const toggle = (key: string) => {
    setSort((previous) =>
      previous?.key === key
        ? { key, direction: previous.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );
  };
  return (
    <ScrollRegion label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((candidate) => {
              const active = sort?.key === candidate.key;
              return (
                <th
                  key={candidate.key}
                  scope="col"
                  class={candidate.numeric ? 'numeric' : undefined}
                  aria-sort={active ? sort?.direction : candidate.sortValue ? 'none' : undefined}
                >
                  {candidate.sortValue ? (
                    <button
                      type="button"
                      class="sort"
                      onClick={() => toggle(candidate.key)}
                      title={t('table.sortBy', { column: candidate.label })}
                    >
                      {candidate.label}
                      <span class="sort-mark" aria-hidden="true">
                        {active ? (sort?.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    candidate.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="empty">
                {empty ?? t('table.empty')}
              </td>
            </tr>
          ) : (
            sorted.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((candidate) => (
                  <td key={candidate.key} class={candidate.numeric ? 'numeric' : undefined}>
                    {candidate.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </ScrollRegion>
  );
}
