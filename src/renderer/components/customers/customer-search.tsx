import { useEffect, useRef } from 'react';
import { useCustomersStore } from '../../stores/customers-store';

/** How long typing must pause before the list is searched: long enough to skip the keystrokes of a word. */
const debounceMs = 200;

/** Searches name, email and customer id. "/" focuses it from anywhere on the page; Escape clears it. */
export function CustomerSearch() {
  const searchInput = useCustomersStore((state) => state.searchInput);
  const { setSearchInput, applySearch } = useCustomersStore.getState();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setTimeout(applySearch, debounceMs);
    return () => clearTimeout(timer);
  }, [searchInput, applySearch]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="customer-search">
      <svg className="customer-search-icon" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" aria-hidden="true">
        <circle cx="7" cy="7" r="4.5" />
        <path d="m10.5 10.5 3.5 3.5" />
      </svg>
      <input
        ref={input}
        type="search"
        className="input customer-search-input"
        placeholder="Search name, email or cus_…"
        aria-label="Search customers"
        value={searchInput}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setSearchInput(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && searchInput !== '') {
            event.preventDefault();
            setSearchInput('');
          }
          if (event.key === 'Enter') applySearch();
        }}
      />
      {searchInput === '' ? (
        <kbd className="customer-search-kbd" aria-hidden="true">
          /
        </kbd>
      ) : (
        <button type="button" className="customer-search-clear" aria-label="Clear search" onClick={() => { setSearchInput(''); applySearch(); input.current?.focus(); }}>
          ×
        </button>
      )}
    </div>
  );
}
