import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { aCustomerView } from '../../../testing/customer-value';
import { fakeResponse, mockFetch, renderWithProviders } from '../../../testing/render';
import { CustomerSearch } from './CustomerSearch';

const render = (language: 'en' | 'zh-CN' = 'en') =>
  renderWithProviders(
    <MemoryRouter>
      <CustomerSearch />
    </MemoryRouter>,
    { language },
  );

describe('CustomerSearch', () => {
  it('lists the customers the server finds, each linked to their page, and searches by text and tier', async () => {
    const fetch = mockFetch({ '/api/customers': () => fakeResponse(200, { items: [aCustomerView()], total: 1 }) });
    render();
    const table = await screen.findByRole('table', { name: 'Customers found' });
    expect(await within(table).findByRole('link', { name: 'Olivia Smith' })).toHaveAttribute('href', `/customers/${aCustomerView().id}`);
    expect(within(table).getByText('Best customer: keep')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Name, phone, e-mail or number'), 'olivia');
    await userEvent.selectOptions(screen.getByLabelText('Value tier'), 'Key customer');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => {
      const last = new URL(String(fetch.mock.calls.at(-1)?.[0]), 'http://console.test');
      expect(Object.fromEntries(last.searchParams)).toEqual({ search: 'olivia', valueTier: 'important', limit: '50' });
    });
  });

  it('says so when nothing matches, in Chinese too', async () => {
    mockFetch({ '/api/customers': () => fakeResponse(200, { items: [], total: 0 }) });
    render('zh-CN');
    expect(await screen.findByText('没有匹配的客户。')).toBeInTheDocument();
  });
});
