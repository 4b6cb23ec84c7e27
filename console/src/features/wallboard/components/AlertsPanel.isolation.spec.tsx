import { screen } from '@testing-library/react';
import { anAlert } from '../../../testing/fixtures';
import { renderWithProviders } from '../../../testing/render';
import { AlertsPanel } from './AlertsPanel';

/** An agent's display name carrying RIGHT-TO-LEFT OVERRIDE. */
const TRICK = 'Eve\u202Eredro';

describe('AlertsPanel and people’s names', () => {
  it('isolates the agent’s name in an alert, so the rest of the sentence keeps its order', () => {
    renderWithProviders(
      <AlertsPanel
        alerts={[anAlert({ kind: 'agent_missed_offers', severity: 'warning', agentName: TRICK, details: { count: 3 } })]}
        agents={[]}
        canAcknowledge
        onAcknowledge={jest.fn()}
        onDismiss={jest.fn()}
      />,
      { session: { username: 'sophie', roles: ['supervisor'] } },
    );
    const text = document.querySelector('.cc-alerts__text') as HTMLElement;
    expect(text).toHaveTextContent(`${TRICK} missed 3 offers in a row and was made not ready.`);
    const name = text.querySelector('bdi');
    expect(name?.textContent).toBe(TRICK);
    expect(name?.nextSibling?.textContent).toBe(' missed 3 offers in a row and was made not ready.');
    // The button's accessible name is the plain sentence.
    expect(screen.getByRole('button', { name: `Acknowledge for everyone: ${TRICK} missed 3 offers in a row and was made not ready.` })).toBeInTheDocument();
  });
});
