import { type CustomerSortKey } from '../../../shared/contract';
import { type CustomerSort } from '../../stores/customers-store';

/** A column header that sorts the list: `aria-sort` says how it is sorted now, the button flips it. */
export function SortHeader({ label, by, sort, onSort, align = 'start' }: { label: string; by: CustomerSortKey; sort: CustomerSort; onSort(by: CustomerSortKey): void; align?: 'start' | 'end' }) {
  const active = sort.by === by;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <div role="columnheader" aria-sort={ariaSort} className={`customers-th${align === 'end' ? ' end' : ''}`}>
      <button type="button" className={`sort-button${active ? ' active' : ''}`} onClick={() => onSort(by)}>
        {label}
        <svg className={`sort-icon${active ? ` ${sort.dir}` : ''}`} width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
          <path d="M5 1.5 7.5 4h-5z" className="up" />
          <path d="M5 8.5 2.5 6h5z" className="down" />
        </svg>
      </button>
    </div>
  );
}
