import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { customerPageSize, useCustomersStore } from '../../stores/customers-store';
import { CustomerRow, customerRowHeight, customerRowId, SkeletonRow } from './customer-row';
import { SortHeader } from './sort-header';

/** Rows rendered beyond the visible ones, so a wheel flick shows rows rather than placeholders. */
const overscan = 10;

/**
 * The customers as a virtualised grid: only the rows on screen (plus a few) are in the DOM, and only the pages of rows
 * on screen are fetched, so 100,000 customers scroll like 100. The grid holds the keyboard focus and points at the
 * active row with `aria-activedescendant`: ↑/↓ (or j/k), Page Up/Down, Home/End move, Enter opens.
 */
export function CustomersTable() {
  const total = useCustomersStore((state) => state.total);
  const pages = useCustomersStore((state) => state.pages);
  const sort = useCustomersStore((state) => state.sort);
  const epoch = useCustomersStore((state) => state.epoch);
  const { ensureRows, sortBy, openCustomer, setScroll } = useCustomersStore.getState();
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(() => useCustomersStore.getState().activeIndex);
  const activeRef = useRef(activeIndex);
  activeRef.current = activeIndex;
  const count = total ?? 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => customerRowHeight,
    overscan,
    initialOffset: () => useCustomersStore.getState().scrollOffset,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) ensureRows(firstIndex, lastIndex);
  }, [firstIndex, lastIndex, count, epoch, ensureRows]);

  // A new search or sort is a new list: start at its top. (Not on mount: coming back from a customer keeps the place.)
  const shownEpoch = useRef(epoch);
  useLayoutEffect(() => {
    if (shownEpoch.current === epoch) return;
    shownEpoch.current = epoch;
    setActiveIndex(0);
    virtualizer.scrollToOffset(0);
  }, [epoch, virtualizer]);

  // Leaving for a customer's detail: remember where the table was, to come back to the same rows.
  // (Read from a ref: by the time an unmounting effect cleans up, the element may be out of the document.)
  const scrollTop = useRef(useCustomersStore.getState().scrollOffset);
  useEffect(() => () => setScroll(scrollTop.current, activeRef.current), [setScroll]);

  // Back from a customer: the keyboard returns to the row it left from.
  useEffect(() => {
    if (!useCustomersStore.getState().refocusList) return;
    useCustomersStore.setState({ refocusList: false });
    const frame = requestAnimationFrame(() => grid.current?.focus({ preventScroll: true }));
    return () => cancelAnimationFrame(frame);
  }, []);

  const open = useCallback(
    (index: number, customerId: string) => {
      setActiveIndex(index);
      openCustomer(customerId);
    },
    [openCustomer],
  );

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(count - 1, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (count === 0 || event.altKey || event.metaKey || event.ctrlKey) return;
    const perPage = Math.max(1, Math.floor((scroller.current?.clientHeight ?? customerRowHeight * 10) / customerRowHeight) - 1);
    const moves: Record<string, () => number> = {
      ArrowDown: () => activeIndex + 1,
      j: () => activeIndex + 1,
      ArrowUp: () => activeIndex - 1,
      k: () => activeIndex - 1,
      PageDown: () => activeIndex + perPage,
      PageUp: () => activeIndex - perPage,
      Home: () => 0,
      End: () => count - 1,
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(move());
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      const row = pages[Math.floor(activeIndex / customerPageSize)]?.[activeIndex % customerPageSize];
      if (row) {
        event.preventDefault();
        open(activeIndex, row.customerId);
      }
    }
  };

  const activeLoaded = pages[Math.floor(activeIndex / customerPageSize)]?.[activeIndex % customerPageSize] !== undefined;

  return (
    <div
      ref={grid}
      role="grid"
      aria-label="Customers"
      aria-rowcount={total === null ? -1 : count + 1}
      aria-colcount={6}
      aria-busy={total === null}
      aria-activedescendant={count > 0 && activeLoaded ? customerRowId(activeIndex) : undefined}
      tabIndex={0}
      className="customers-grid"
      onKeyDown={onKeyDown}
      onFocus={() => {
        // Focus from Tab lands on a row the user can see.
        if (items.length > 0 && (activeIndex < firstIndex || activeIndex > lastIndex)) setActiveIndex(Math.min(count - 1, firstIndex + 1));
      }}
    >
      <div role="rowgroup" className="customers-head">
        <div role="row" aria-rowindex={1} className="customers-row header">
          <SortHeader label="Customer" by="name" sort={sort} onSort={sortBy} />
          <SortHeader label="Email" by="email" sort={sort} onSort={sortBy} />
          <SortHeader label="Status" by="status" sort={sort} onSort={sortBy} />
          <SortHeader label="MRR" by="mrr" sort={sort} onSort={sortBy} align="end" />
          <SortHeader label="Customer since" by="since" sort={sort} onSort={sortBy} />
          <div role="columnheader" className="customers-th end" title="Subscriptions, cancelled ones included">
            Subs
          </div>
        </div>
      </div>
      <div ref={scroller} className="customers-scroll" onScroll={(event) => (scrollTop.current = event.currentTarget.scrollTop)}>
        <div role="rowgroup" className="customers-body" style={{ height: total === null ? 12 * customerRowHeight : virtualizer.getTotalSize() }}>
          {total === null
            ? Array.from({ length: 12 }, (_, index) => <SkeletonRow key={index} index={index} top={index * customerRowHeight} />)
            : items.map((item) => {
                const row = pages[Math.floor(item.index / customerPageSize)]?.[item.index % customerPageSize];
                return row ? (
                  <CustomerRow key={item.key} row={row} index={item.index} top={item.start} active={item.index === activeIndex} onOpen={open} />
                ) : (
                  <SkeletonRow key={item.key} index={item.index} top={item.start} />
                );
              })}
        </div>
      </div>
    </div>
  );
}
