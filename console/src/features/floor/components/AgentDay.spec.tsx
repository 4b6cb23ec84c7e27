import type { AgentDayResponse } from '@callcentre/shared';
import { screen, within } from '@testing-library/react';
import { aWallboardAgent, T0 } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { AgentDay } from './AgentDay';

const minute = 60_000;
const day: AgentDayResponse = {
  agentId: 'a-amy',
  timeZone: 'Europe/London',
  from: T0,
  to: T0 + 24 * 60 * minute,
  states: [
    { state: 'offline', reason: null, from: T0, to: T0 + 60 * minute },
    { state: 'available', reason: null, from: T0 + 60 * minute, to: T0 + 90 * minute },
    { state: 'not_ready', reason: 'break', from: T0 + 90 * minute, to: T0 + 120 * minute },
  ],
  secondsByState: { offline: 3600, available: 1800, reserved: 0, busy: 0, wrap_up: 0, not_ready: 1800 },
  contacts: [
    { id: 'c1', channel: 'voice', queueName: 'General', status: 'completed', arrivedAt: T0 + 70 * minute, answeredAt: T0 + 71 * minute, waitSeconds: 12, handleSeconds: 185, disposition: 'resolved', satisfaction: 2 },
  ],
  handled: 1,
  ahtSeconds: 185,
  satisfaction: { answered: 1, average: 2 },
};

describe("an agent's day", () => {
  it('shows the states over the day in proportion, the contacts with handle times and satisfaction', async () => {
    mockFetch({ '/api/agents/a-amy/day': () => fakeResponse(200, day) });
    renderWithProviders(<AgentDay agentId="a-amy" agent={aWallboardAgent({ id: 'a-amy', state: 'not_ready', stateSince: T0 + 90 * minute })} now={T0 + 120 * minute} />);
    const bar = await screen.findByTestId('agent-states');
    const spans = within(bar).getAllByRole('listitem');
    expect(spans.map((span) => [span.getAttribute('data-state'), span.style.width])).toEqual([
      ['offline', '50%'],
      ['available', '25%'],
      ['not_ready', '25%'],
    ]);
    expect(spans[2]).toHaveTextContent('Not ready (Break)');
    const summary = screen.getByTestId('agent-day');
    expect(summary).toHaveTextContent('Average handle time3:05');
    expect(summary).toHaveTextContent('for 0:30');
    expect(summary).toHaveTextContent('1 survey answered');
    const row = screen.getByRole('row', { name: /General/ });
    expect(row).toHaveTextContent('3:05');
    expect(row).toHaveTextContent('+2');
  });
});
