import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aQueueStats, T0 } from '../../../testing/fixtures';
import { renderWithProviders } from '../../../testing/render';
import { LiveQueueTile } from './LiveQueueTile';

const tile = () => screen.getByRole('article');

describe('LiveQueueTile', () => {
  it.each([
    [0.85, 'ds-tile--good', 'On target', '85%'],
    [0.8, 'ds-tile--good', 'On target', '80%'],
    [0.75, 'ds-tile--warning', 'At risk', '75%'],
    [0.52, 'ds-tile--critical', 'Below target', '52%'],
  ])('at %f of contacts against an 80%% target is %s and says "%s"', (share, colourClass, words, shown) => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ rolling: { serviceLevel: share } })} now={T0} />);
    expect(tile()).toHaveClass(colourClass);
    expect(within(tile()).getByText(words)).toBeInTheDocument();
    expect(within(tile()).getByTestId('service-level')).toHaveTextContent(shown);
    expect(within(tile()).getByText('Target 80% / 20 s')).toBeInTheDocument();
  });

  it('measures against the queue’s own target: 85% is below a 90% target', () => {
    const stats = aQueueStats({ rolling: { serviceLevel: 0.85 } });
    renderWithProviders(<LiveQueueTile stats={{ ...stats, serviceLevel: { ...stats.serviceLevel, targetPercent: 90, thresholdSeconds: 10 } }} now={T0} />);
    expect(tile()).toHaveClass('ds-tile--warning');
    expect(within(tile()).getByText('Target 90% / 10 s')).toBeInTheDocument();
  });

  it('is neutral, and says so, before any contact counted', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ rolling: { serviceLevel: null, asaSeconds: null, abandonRate: null } })} now={T0} />);
    expect(tile()).toHaveClass('ds-tile--neutral');
    expect(within(tile()).getByText('No contacts yet')).toBeInTheDocument();
    expect(within(tile()).getByTestId('service-level')).toHaveTextContent('—');
  });

  it('shows waiting, the longest wait moving with the clock, ASA, abandon rate and agents by state', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ waitingCount: 3, longestWaitSeconds: 48, at: T0 })} now={T0 + 12_000} />);
    expect(within(tile()).getByTestId('waiting')).toHaveTextContent('3');
    expect(within(tile()).getByText('Longest 1:00')).toBeInTheDocument();
    expect(within(tile()).getByText('12 s')).toBeInTheDocument(); // ASA 12.4 s
    expect(within(tile()).getByText('10%')).toBeInTheDocument(); // abandon rate
    const agents = within(tile()).getByRole('list', { name: 'Agents serving this queue' });
    expect(agents).toHaveTextContent('2 available');
    expect(agents).toHaveTextContent('5 busy'); // busy 4 + ringing 1
    expect(agents).toHaveTextContent('1 wrap-up');
    expect(agents).toHaveTextContent('2 not ready');
  });

  it('names its service-level formula and explains it on request', async () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats()} now={T0} />);
    const formula = within(tile()).getByRole('button', { name: 'Service level (abandons count)' });
    await userEvent.click(formula);
    expect(formula).toHaveAttribute('aria-expanded', 'true');
    expect(within(tile()).getByText(/Short abandons are left out; every other abandon counts as missed/)).toBeInTheDocument();
  });

  it('speaks Chinese, with the formula’s Chinese label', () => {
    renderWithProviders(<LiveQueueTile stats={aQueueStats({ rolling: { serviceLevel: 0.52 } })} now={T0} />, { language: 'zh-CN' });
    expect(within(tile()).getByText('未达标')).toBeInTheDocument();
    expect(within(tile()).getByRole('button', { name: '服务水平（计入放弃）' })).toBeInTheDocument();
  });
});
