import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FIGURE_DEFINITIONS } from '@callcentre/shared';
import { aQueueStats, T0 } from '../../../testing/fixtures';
import { renderWithProviders } from '../../../testing/render';
import { LiveQueueTile } from './LiveQueueTile';

const tile = () => screen.getByRole('article');

/** The two cells of a figure's row, [last N minutes, today], with any run of spaces (no-break ones too) as one space. */
const periods = (figure: string) =>
  within(within(tile()).getByTestId(`figure-${figure}`))
    .getAllByRole('cell')
    .map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' '));

describe('LiveQueueTile', () => {
  it.each([
    [0.85, 'ds-tile--good', 'On target', '85%'],
    [0.8, 'ds-tile--good', 'On target', '80%'],
    [0.75, 'ds-tile--warning', 'At risk', '75%'],
    [0.52, 'ds-tile--critical', 'Below target', '52%'],
  ])('at %f of contacts in the last hour against an 80%% target is %s and says "%s"', (share, colourClass, words, shown) => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ longestWaitSeconds: 12, rolling: { serviceLevel: share } })} now={T0} />);
    expect(tile()).toHaveClass(colourClass);
    expect(within(tile()).getByText(words)).toBeInTheDocument();
    expect(within(tile()).getByTestId('service-level')).toHaveTextContent(shown);
    expect(within(tile()).getByTestId('service-level-formula')).toHaveTextContent('SL 80/20 · abandons count');
  });

  it('measures against the queue’s own target: 85% is below a 90% target, and the label says 90/10', () => {
    const stats = aQueueStats({ rolling: { serviceLevel: 0.85 } });
    renderWithProviders(<LiveQueueTile stats={{ ...stats, serviceLevel: { ...stats.serviceLevel, targetPercent: 90, thresholdSeconds: 10 } }} now={T0} />);
    expect(tile()).toHaveClass('ds-tile--warning');
    expect(within(tile()).getByTestId('service-level-formula')).toHaveTextContent('SL 90/10 · abandons count');
  });

  it('is neutral, and says so, before any contact counted', () => {
    renderWithProviders(
      <LiveQueueTile
        stats={aQueueStats({
          waitingCount: 0,
          longestWaitSeconds: null,
          rolling: { offered: 0, answered: 0, abandoned: 0, serviceLevel: null, asaSeconds: null, ahtSeconds: null, abandonRate: null },
          sinceMidnight: { serviceLevel: null, asaSeconds: null, ahtSeconds: null, abandonRate: null },
        })}
        now={T0}
      />,
    );
    expect(tile()).toHaveClass('ds-tile--neutral');
    expect(within(tile()).getByText('No contacts yet')).toBeInTheDocument();
    expect(within(tile()).getByTestId('service-level')).toHaveTextContent('—');
    expect(within(tile()).getByTestId('service-level-today')).toHaveTextContent('Today —');
    expect(periods('asa')).toEqual(['—', '—']);
    expect(periods('aht')).toEqual(['—', '—']);
    expect(periods('abandonRate')).toEqual(['—', '—']);
    expect(periods('offered')).toEqual(['0', '312']);
  });

  it('shows the average talk and hold of the calls that ended beside AHT, for both periods, and empty until they are read', () => {
    const stats = aQueueStats();
    const times = (calls: number, talk: number, hold: number) => ({
      queueId: stats.queueId,
      queueName: stats.name,
      calls,
      talkSeconds: talk * calls,
      holdSeconds: hold * calls,
      averageTalkSeconds: calls > 0 ? talk : null,
      averageHoldSeconds: calls > 0 ? hold : null,
      callsWithHold: hold > 0 ? calls : 0,
    });
    const { unmount } = renderWithProviders(<LiveQueueTile stats={stats} now={T0} callTimes={{ rolling: times(4, 185, 42.6), today: times(31, 201, 0) }} />);
    const rows = within(tile()).getAllByRole('row').map((row) => row.getAttribute('data-testid'));
    expect(rows.slice(rows.indexOf('figure-aht'), rows.indexOf('figure-aht') + 3)).toEqual(['figure-aht', 'figure-talk', 'figure-hold']);
    expect(within(within(tile()).getByTestId('figure-talk')).getByRole('rowheader')).toHaveTextContent('Avg talk');
    expect(periods('talk')).toEqual(['3:05', '3:21']);
    expect(periods('hold')).toEqual(['0:42', '0:00']);
    unmount();
    renderWithProviders(<LiveQueueTile stats={stats} now={T0} callTimes={{ rolling: null, today: times(0, 0, 0) }} />);
    expect(periods('talk')).toEqual(['—', '—']);
    expect(periods('hold')).toEqual(['—', '—']);
  });

  it('names talk and hold in Chinese for Chinese readers', async () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats()} now={T0} />, { language: 'zh-CN' });
    expect(within(within(tile()).getByTestId('figure-hold')).getByRole('rowheader')).toHaveTextContent('平均保持');
  });

  it('shows every counted figure for the last hour and since midnight, side by side', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats()} now={T0} />);
    const table = within(tile()).getByRole('table', { name: 'Figures for the last 60 minutes and since midnight (Europe/London)' });
    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['60 min', 'Today']);
    expect(within(table).getAllByRole('rowheader').map((header) => header.textContent)).toEqual([
      'Offered',
      'Answered',
      'Abandoned',
      'Abandon rate',
      'ASA',
      'AHT',
      'Avg talk',
      'Avg hold',
    ]);
    expect(periods('offered')).toEqual(['40', '312']);
    expect(periods('answered')).toEqual(['36', '290']);
    expect(periods('abandoned')).toEqual(['4', '22']);
    expect(periods('abandonRate')).toEqual(['10%', '7%']);
    expect(periods('asa')).toEqual(['12 s', '16 s']); // 12.4 s and 15.6 s
    expect(periods('aht')).toEqual(['4:05', '3:58']); // 245 s and 238 s: talk + hold + after-call work
    // Service level: the last hour leads the tile, today's sits under it.
    expect(within(tile()).getByTestId('service-level')).toHaveTextContent('85%');
    expect(within(tile()).getByTestId('service-level-today')).toHaveTextContent('Today 82%'); // 251 / (290 + 22 - 6)
  });

  it('shows waiting, the longest wait moving with the clock, and agents by state', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ waitingCount: 3, longestWaitSeconds: 48, at: T0 })} now={T0 + 12_000} />);
    expect(within(tile()).getByTestId('waiting')).toHaveTextContent('3');
    expect(within(tile()).getByTestId('longest-wait')).toHaveTextContent('Longest 1:00 / 20 s');
    const agents = within(tile()).getByRole('list', { name: 'Agents serving this queue' });
    expect(agents).toHaveTextContent('2 available');
    expect(agents).toHaveTextContent('5 busy'); // busy 4 + ringing 1
    expect(agents).toHaveTextContent('1 wrap-up');
    expect(agents).toHaveTextContent('2 not ready');
  });

  it.each([
    ['answered_only', 'SL 80/20 · answered only'],
    ['abandons_in_denominator', 'SL 80/20 · abandons count'],
    ['short_abandons_met', 'SL 80/20 · short abandons met'],
  ] as const)('names the %s formula beside the figure at all times, the full formula in its tooltip', (formula, shown) => {
    const stats = aQueueStats();
    const figure = `serviceLevel.${formula}` as const;
    renderWithProviders(
      <LiveQueueTile
        stats={{ ...stats, serviceLevel: { ...stats.serviceLevel, formula, figure, label: FIGURE_DEFINITIONS[figure].label, definition: FIGURE_DEFINITIONS[figure].definition } }}
        now={T0}
      />,
    );
    const label = within(tile()).getByTestId('service-level-formula');
    expect(label).toBeVisible();
    expect(label).toHaveTextContent(shown);
    expect(label).toHaveAttribute('title', expect.stringContaining(FIGURE_DEFINITIONS[figure].definition));
    expect(label).toHaveAttribute('title', expect.stringContaining('Target: 80% answered within 20 s. Short abandons: 5 s or less.'));
  });

  it('opens the full formula on click, for screens without a pointer to hover', async () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats()} now={T0} />);
    const formula = within(tile()).getByRole('button', { name: 'SL 80/20 · abandons count' });
    await userEvent.click(formula);
    expect(formula).toHaveAttribute('aria-expanded', 'true');
    expect(within(tile()).getByText(/Short abandons are left out; every other abandon counts as missed/)).toBeInTheDocument();
  });

  it('speaks Chinese, with the formula’s Chinese name and both periods', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ longestWaitSeconds: 10, rolling: { serviceLevel: 0.52 } })} now={T0} />, { language: 'zh-CN' });
    expect(within(tile()).getByText('未达标')).toBeInTheDocument();
    expect(within(tile()).getByRole('button', { name: '服务水平 80/20 · 计入放弃' })).toBeInTheDocument();
    expect(within(tile()).getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['60 分钟', '今日']);
    expect(within(tile()).getByTestId('figure-aht')).toHaveTextContent('平均处理');
    expect(periods('aht')).toEqual(['4:05', '3:58']);
  });

  it('is not on target while a caller waits past the threshold: the longest wait shows in red against it, the tile turns amber and says why', () => {
    renderWithProviders(
      <LiveQueueTile stats={aQueueStats({ waitingCount: 1, longestWaitSeconds: 170, at: T0, rolling: { offered: 3, answered: 2, answeredWithinThreshold: 2, abandoned: 0, shortAbandoned: 0, serviceLevel: 1 } })} now={T0 + 10_000} />,
    );
    expect(within(tile()).getByTestId('service-level')).toHaveTextContent('100%');
    expect(tile()).toHaveClass('ds-tile--warning');
    expect(tile()).not.toHaveClass('ds-tile--good');
    expect(within(tile()).queryByText('On target')).not.toBeInTheDocument();
    expect(within(tile()).getByText('A caller has waited over 20 s')).toBeInTheDocument();
    const longest = within(tile()).getByTestId('longest-wait');
    expect(longest).toHaveTextContent('Longest 3:00 / 20 s');
    expect(longest).toHaveClass('cc-live-tile__longest--critical');
  });

  it('keeps a service level far below target red while a caller waits past the threshold', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ longestWaitSeconds: 90, rolling: { serviceLevel: 0.4 } })} now={T0} />);
    expect(tile()).toHaveClass('ds-tile--critical');
  });

  it('shows a longest wait within the threshold in green', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ waitingCount: 1, longestWaitSeconds: 15, rolling: { serviceLevel: 0.9 } })} now={T0} />);
    expect(within(tile()).getByTestId('longest-wait')).toHaveClass('cc-live-tile__longest--good');
    expect(within(tile()).getByText('On target')).toBeInTheDocument();
  });

  it('never says "No contacts yet" beside a contact offered and waiting: nothing is answered yet', () => {
    renderWithProviders(
      <LiveQueueTile
        stats={aQueueStats({
          waitingCount: 1,
          longestWaitSeconds: 4,
          rolling: { offered: 1, answered: 0, answeredWithinThreshold: 0, abandoned: 0, shortAbandoned: 0, serviceLevel: null, asaSeconds: null, ahtSeconds: null, abandonRate: null },
        })}
        now={T0}
      />,
    );
    expect(periods('offered')[0]).toBe('1');
    expect(within(tile()).getByTestId('waiting')).toHaveTextContent('1');
    expect(within(tile()).queryByText('No contacts yet')).not.toBeInTheDocument();
    expect(within(tile()).getByText('Nothing answered yet')).toBeInTheDocument();
  });

  it('says in Chinese that a caller waits past the threshold', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ waitingCount: 1, longestWaitSeconds: 180, rolling: { serviceLevel: 1 } })} now={T0} />, { language: 'zh-CN' });
    expect(within(tile()).getByText('有来电已等待超过 20 秒')).toBeInTheDocument();
    expect(within(tile()).getByTestId('longest-wait')).toHaveTextContent('最长 3:00 / 20 秒');
  });
});
