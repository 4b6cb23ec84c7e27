import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aQueue } from '../../../testing/fixtures';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import type { StaffingAnswer, StaffingLevel } from '@callcentre/shared';
import { StaffingPanel } from './StaffingPanel';

const row = (agents: number, serviceLevel: number, meetsTarget: boolean, asaSeconds: number | null = 10): StaffingLevel => ({
  agents,
  serviceLevel,
  probabilityOfWaiting: 0.4,
  asaSeconds,
  occupancy: 18 / agents,
  abandonRate: 0,
  meetsTarget,
});

const answer: StaffingAnswer = {
  model: 'erlang_c',
  forecast: { arrivalsPerHour: 360, ahtSeconds: 180, targetPercent: 80, thresholdSeconds: 20, patienceSeconds: null, arrivalsSource: 'request', ahtSource: 'request' },
  live: null,
  trafficErlangs: 18,
  requiredAgents: 22,
  atRequired: row(22, 0.83, true),
  table: [row(20, 0.56, false, 49.6), row(21, 0.72, false), row(22, 0.83, true), row(23, 0.9, true), row(24, 0.94, true), row(25, 0.97, true)],
};

describe('StaffingPanel', () => {
  it('asks the server for a forecast and shows the agents needed with the figures around that count', async () => {
    const fetch = mockFetch({ '/api/staffing': () => fakeResponse(200, answer) });
    renderWithProviders(<StaffingPanel />);
    await userEvent.type(screen.getByLabelText('Arrivals per hour'), '360');
    await userEvent.type(screen.getByLabelText('Average handle time (s)'), '180');
    await userEvent.click(screen.getByRole('button', { name: 'Calculate' }));

    expect(await screen.findByText('22 agents needed')).toBeInTheDocument();
    const url = new URL(fetch.mock.calls[0][0] as string, 'http://console.test');
    // Target and threshold left empty: the server applies 80/20 (or the queue's own).
    expect(Object.fromEntries(url.searchParams)).toEqual({ arrivalsPerHour: '360', ahtSeconds: '180' });
    expect(screen.getByText(/for 80% answered within 20 s at 360 contacts an hour of 180 s \(18 Erlangs\)/)).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Figures by number of agents' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(6);
    expect(within(rows[0]).getByText('56%')).toBeInTheDocument();
    expect(within(rows[0]).getByText('No')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Yes')).toBeInTheDocument();
    expect(within(table).queryByText('Abandon rate')).not.toBeInTheDocument();
  });

  it('sizes a queue from its last hour and says so', async () => {
    const queue = aQueue({ code: 'billing', name: 'Billing' });
    const fetch = mockFetch({
      '/api/staffing': () =>
        fakeResponse(200, {
          ...answer,
          model: 'erlang_a',
          forecast: { ...answer.forecast, patienceSeconds: 60, arrivalsSource: 'live', ahtSource: 'live' },
          live: { queueId: queue.id, queueName: 'Billing', windowMinutes: 60, from: '', to: '', offered: 360, completed: 350, ahtSeconds: 180 },
        }),
    });
    renderWithProviders(<StaffingPanel queues={[queue]} />);
    await userEvent.selectOptions(screen.getByLabelText('Queue'), 'Billing');
    await userEvent.type(screen.getByLabelText("Callers' patience (s)"), '60');
    await userEvent.click(screen.getByRole('button', { name: 'Calculate' }));

    expect(await screen.findByText(/Live from Billing: 360 contacts offered and 350 completed in the last 60 minutes/)).toBeInTheDocument();
    const url = new URL(fetch.mock.calls[0][0] as string, 'http://console.test');
    expect(url.searchParams.get('queueId')).toBe(queue.id);
    expect(url.searchParams.get('arrivalsPerHour')).toBeNull();
    expect(url.searchParams.get('patienceSeconds')).toBe('60');
    expect(screen.getByRole('columnheader', { name: 'Abandon rate' })).toBeInTheDocument();
  });

  it('checks each field with the server’s rules before asking, and words them in the reader’s language', async () => {
    const fetch = mockFetch({ '/api/staffing': () => fakeResponse(200, answer) });
    renderWithProviders(<StaffingPanel />);
    await userEvent.click(screen.getByRole('button', { name: 'Calculate' }));
    expect(screen.getAllByText('Enter arrivals per hour and handle time, or choose a queue.')).toHaveLength(2);
    expect(fetch).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText('Arrivals per hour'), 'lots');
    await userEvent.type(screen.getByLabelText('Average handle time (s)'), '180');
    await userEvent.click(screen.getByRole('button', { name: 'Calculate' }));
    expect(screen.getByText('Enter a number from 0 to 100,000.')).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Arrivals per hour'));
    await userEvent.type(screen.getByLabelText('Arrivals per hour'), '-5');
    await userEvent.type(screen.getByLabelText('Target (%)'), '100');
    await userEvent.click(screen.getByRole('button', { name: 'Calculate' }));
    expect(screen.getByText('Enter a number from 0 to 100,000.')).toBeInTheDocument();
    expect(screen.getByText('Enter a number from 1 to 99.9.')).toBeInTheDocument();
    expect(screen.getByLabelText('Target (%)')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByText(/must be/)).not.toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows a server refusal under the fields it names, in the reader’s words rather than the server’s', async () => {
    mockFetch({
      '/api/staffing': () =>
        fakeResponse(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'The request has invalid fields', fields: [{ field: 'arrivalsPerHour', messages: ['arrivalsPerHour must be >= 0'] }] }),
    });
    renderWithProviders(<StaffingPanel />);
    await userEvent.type(screen.getByLabelText('Arrivals per hour'), '360');
    await userEvent.type(screen.getByLabelText('Average handle time (s)'), '180');
    await userEvent.click(screen.getByRole('button', { name: 'Calculate' }));
    expect(await screen.findByText('Enter a number from 0 to 100,000.')).toBeInTheDocument();
    expect(screen.getByLabelText('Arrivals per hour')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Some fields need attention: see the messages under them.')).toBeInTheDocument();
    expect(screen.queryByText('arrivalsPerHour must be >= 0')).not.toBeInTheDocument();
    expect(screen.queryByText('The request has invalid fields')).not.toBeInTheDocument();
  });

  it('words field problems and server refusals in Simplified Chinese', async () => {
    const fetch = mockFetch({
      '/api/staffing': () =>
        fakeResponse(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'The request has invalid fields', fields: [{ field: 'thresholdSeconds', messages: ['thresholdSeconds must be >= 0'] }] }),
    });
    renderWithProviders(<StaffingPanel />, { language: 'zh-CN' });
    await userEvent.type(screen.getByLabelText('每小时进线量'), '-1');
    await userEvent.type(screen.getByLabelText('平均处理时长（秒）'), '180');
    await userEvent.click(screen.getByRole('button', { name: '计算' }));
    expect(screen.getByText('请输入 0 到 100,000 之间的数字。')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByLabelText('每小时进线量'));
    await userEvent.type(screen.getByLabelText('每小时进线量'), '360');
    await userEvent.click(screen.getByRole('button', { name: '计算' }));
    expect(await screen.findByText('请输入 0 到 3,600 之间的数字。')).toBeInTheDocument();
    expect(screen.getByText('有字段需要修改：请看字段下方的提示。')).toBeInTheDocument();
    expect(screen.queryByText(/must be/)).not.toBeInTheDocument();
  });

  it('asks for the handle time when the queue completed nothing in the last hour', async () => {
    const queue = aQueue({ code: 'billing', name: 'Billing' });
    mockFetch({
      '/api/staffing': () =>
        fakeResponse(422, { statusCode: 422, code: 'NO_LIVE_HANDLE_TIME', message: 'no', details: { queueId: queue.id, queueName: 'Billing', windowMinutes: 60 } }),
    });
    renderWithProviders(<StaffingPanel queues={[queue]} />);
    await userEvent.selectOptions(screen.getByLabelText('Queue'), 'Billing');
    await userEvent.click(screen.getByRole('button', { name: 'Calculate' }));
    const message = 'Billing completed no contact in the last hour, so its handle time is unknown: enter the average handle time.';
    expect(await screen.findAllByText(message)).toHaveLength(2);
    expect(screen.getByLabelText('Average handle time (s)')).toHaveAttribute('aria-invalid', 'true');
  });

  it('speaks Chinese when the console does', async () => {
    mockFetch({ '/api/staffing': () => fakeResponse(200, answer) });
    renderWithProviders(<StaffingPanel />, { language: 'zh-CN' });
    expect(screen.getByRole('heading', { name: '人员配置' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('每小时进线量'), '360');
    await userEvent.type(screen.getByLabelText('平均处理时长（秒）'), '180');
    await userEvent.click(screen.getByRole('button', { name: '计算' }));
    expect(await screen.findByText('需要 22 名坐席')).toBeInTheDocument();
  });
});
