import { screen, within } from '@testing-library/react';
import { aQueue } from '../../../testing/fixtures';
import { renderWithProviders } from '../../../testing/render';
import { QueueTile } from './QueueTile';

function tile() {
  return screen.getByRole('article');
}

describe('QueueTile', () => {
  it('shows the name, code, service-level target and strategy', () => {
    renderWithProviders(
      <QueueTile queue={aQueue({ code: 'vip', name: 'VIP', serviceLevelPercent: 90, serviceLevelSeconds: 10, strategy: 'most_skilled', basePriority: 50 })} />,
    );
    const article = screen.getByRole('article', { name: 'VIP' });
    expect(within(article).getByText('vip')).toBeInTheDocument();
    expect(within(article).getByText('90% in 10 s')).toBeInTheDocument();
    expect(within(article).getByText('Most skilled')).toBeInTheDocument();
    expect(within(article).getByText('50')).toBeInTheDocument();
  });

  it('names the overflow queue and the wait before overflowing', () => {
    renderWithProviders(<QueueTile queue={aQueue({ maxWaitSeconds: 60, overflowQueueId: 'q-2' })} overflowQueueName="Complaints" />);
    expect(within(tile()).getByText('Complaints after 60 s')).toBeInTheDocument();
  });

  it('says when a queue never overflows', () => {
    renderWithProviders(<QueueTile queue={aQueue({ maxWaitSeconds: null })} />);
    expect(within(tile()).getByText('None')).toBeInTheDocument();
  });

  it('is neutral and says so while there are no live figures', () => {
    renderWithProviders(<QueueTile queue={aQueue()} />);
    expect(tile()).toHaveClass('ds-tile--neutral');
    expect(within(tile()).getByText('No live figures yet')).toBeInTheDocument();
  });

  it.each([
    [85, 'ds-tile--good', 'On target'],
    [75, 'ds-tile--warning', 'At risk'],
    [52, 'ds-tile--critical', 'Below target'],
  ])('at %i%% against an 80%% target is coloured %s and says "%s"', (measured, colourClass, words) => {
    renderWithProviders(<QueueTile queue={aQueue({ serviceLevelPercent: 80, serviceLevelSeconds: 20 })} measuredServiceLevel={measured} />);
    expect(tile()).toHaveClass(colourClass);
    expect(within(tile()).getByText(words)).toBeInTheDocument();
    expect(within(tile()).getByText(`${measured}%`)).toBeInTheDocument();
    expect(within(tile()).getByText('Target 80% in 20 s')).toBeInTheDocument();
  });

  it('speaks Chinese when the console does', () => {
    renderWithProviders(<QueueTile queue={aQueue({ serviceLevelPercent: 80, serviceLevelSeconds: 20 })} />, { language: 'zh-CN' });
    expect(within(tile()).getByText('20 秒内接通 80%')).toBeInTheDocument();
    expect(within(tile()).getByText('服务水平目标')).toBeInTheDocument();
    expect(within(tile()).getByText('空闲最久优先')).toBeInTheDocument();
  });
});
