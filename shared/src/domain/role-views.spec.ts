import { ROLES } from './call-centre';
import { CONSOLE_VIEW_ROLES, HOME_VIEWS, maySeeView } from './role-views';

describe('role views', () => {
  it('starts every role in a view it may see', () => {
    for (const role of ROLES) expect(maySeeView([role], HOME_VIEWS[role])).toBe(true);
  });

  it('lets someone with several roles see what any of them sees', () => {
    expect(maySeeView(['agent'], 'forceAgentState')).toBe(false);
    expect(maySeeView(['agent', 'supervisor'], 'forceAgentState')).toBe(true);
    expect(maySeeView([], 'agentDesk')).toBe(false);
  });

  it('keeps administrators away from the customers themselves', () => {
    expect(CONSOLE_VIEW_ROLES.customers).not.toContain('admin');
    expect(CONSOLE_VIEW_ROLES.customerContacts).not.toContain('admin');
  });

  it('gives every part of the value page a role that may open the page', () => {
    for (const view of ['valueReports', 'retentionWorklist', 'valueRuns', 'recomputeValue'] as const) {
      for (const role of CONSOLE_VIEW_ROLES[view]) expect(maySeeView([role], 'customerValue')).toBe(true);
    }
  });
});
