import { type PageId } from '../../shared/contract';

/** Line icons drawn for Recur's navigation (16px, currentColor), so no icon font or network request is needed. */
const paths: Record<PageId | 'key' | 'sparkle' | 'database', string> = {
  overview: 'M2 13.5h12M4 11V7m4 4V3m4 8V6',
  customers: 'M6 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Zm-4 6c0-2.2 1.8-4 4-4s4 1.8 4 4m1-6.2a2 2 0 1 0 0-4m1.5 10.2c0-1.8-1-3.2-2.5-3.8',
  cohorts: 'M2.5 2.5h11v3.5H10v3.5H6.5V13h-4zM2.5 6H10M2.5 9.5h4M6.5 2.5v7M10 2.5V6',
  insights: 'M6 12.5h4M6.5 14.5h3M8 1.5a4.5 4.5 0 0 0-2.6 8.2c.4.3.6.7.6 1.2v.6h4v-.6c0-.5.2-.9.6-1.2A4.5 4.5 0 0 0 8 1.5Z',
  sync: 'M13.5 6.5A5.5 5.5 0 0 0 3.2 5M2.5 9.5A5.5 5.5 0 0 0 12.8 11M13.5 2.5v4h-4m-7 7v-4h4',
  reports: 'M4 1.5h5.5L12.5 4.5v10h-8.5zM9.5 1.5v3h3M6 8h4.5M6 10.5h4.5',
  settings: 'M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4Zm5.3-2-.1-1 1.3-1-1.3-2.2-1.5.6-.9-.5L10.5 2h-2.6l-.3 1.6-.9.5-1.5-.6L3.9 5.7l1.3 1-.1 1 .1 1-1.3 1 1.3 2.2 1.5-.6.9.5.3 1.6h2.6l.3-1.6.9-.5 1.5.6 1.3-2.2-1.3-1z',
  key: 'M10 9.5a3.5 3.5 0 1 0-3.3-2.4L1.5 12.3v2.2h2.2v-1.5h1.5v-1.5h1.5l1-1A3.5 3.5 0 0 0 10 9.5Zm1-4.5h.01',
  sparkle: 'M8 1.5 9.4 6.6 14.5 8 9.4 9.4 8 14.5 6.6 9.4 1.5 8l5.1-1.4z',
  database: 'M8 5c3 0 5.5-.9 5.5-2S11 1 8 1 2.5 1.9 2.5 3 5 5 8 5Zm-5.5-2v10c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2V3M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2',
};

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={paths[name]} />
    </svg>
  );
}
