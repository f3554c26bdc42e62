import { describe, expect, it } from 'vitest';
import { benchmarkMarkdown } from '../../bench/benchmark-report';

describe('docs/benchmarks.md', () => {
  const header = {
    timestamp: '2026-11-27T10:00:00.000Z',
    commit: 'abc1234',
    uncommittedChanges: false,
    machine: { cores: 2, cpuModel: 'Test CPU', totalMemoryGiB: 24, node: 'v20.20.2', platform: 'linux 6.1', loadAverageAtStart: [0.5, 0.25, 0.1] },
    totalSeconds: 612,
  };

  it('heads the page with the machine, the commit, and how many targets were met', () => {
    const page = benchmarkMarkdown(header, [
      { benchmark: 'Metrics: full recompute', figure: '4.2 s', target: 'under 5 s', verdict: 'met' },
      { benchmark: 'Sync large | live', figure: 'efficiency 0.89', target: '≥ 0.9', verdict: 'missed' },
    ], [['size', 'mode', 'run', 'seconds'], ['small 200', 'test', 'parallel', '3.4']], 'Sync notes.');
    expect(page).toContain('at commit `abc1234`.');
    expect(page).toContain('Machine: 2 cores (Test CPU), 24 GiB, Node v20.20.2, linux 6.1;');
    expect(page).toContain('1 of 2 targets met.');
    expect(page).toContain('| ✓ | Metrics: full recompute | 4.2 s | under 5 s |');
    // A pipe in a cell would end the cell early: it is escaped.
    expect(page).toContain('| ✗ | Sync large \\| live | efficiency 0.89 | ≥ 0.9 |');
    expect(page).toContain('| --- | --- | --- | ---: |\n| small 200 | test | parallel | 3.4 |');
    expect(page).toContain('about 10 minutes on this machine');
  });
});
