import { Navigate, type RouteObject } from 'react-router';
import { RequireSession, homePathFor, useSession } from '../features/auth';
import { AppShell } from '../features/shell';
import { AdminPage } from '../pages/AdminPage';
import { AgentDesktopPage } from '../pages/AgentDesktopPage';
import { CrmImportPage } from '../pages/CrmImportPage';
import { CustomerPage } from '../pages/CustomerPage';
import { CustomersPage } from '../pages/CustomersPage';
import { CustomerValuePage } from '../pages/CustomerValuePage';
import { FloorAgentPage, FloorPage, FloorWallPage } from '../pages/FloorPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ReportsPage } from '../pages/ReportsPage';
import { ShiftsPage } from '../pages/ShiftsPage';
import { TeamLeadInboxPage } from '../pages/TeamLeadInboxPage';
import { WallboardPage } from '../pages/WallboardPage';

/** "/" opens the start page of the signed-in person's role, or the sign-in page. */
function StartPage() {
  const { session } = useSession();
  return <Navigate to={session ? homePathFor(session.role) : '/login'} replace />;
}

/** Every page of the console; the browser and the tests build their routers from this one list. */
export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    children: [
      { index: true, element: <StartPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'agent', element: <RequireSession><AgentDesktopPage /></RequireSession> },
      { path: 'wallboard', element: <RequireSession><WallboardPage /></RequireSession> },
      { path: 'team-lead', element: <RequireSession><TeamLeadInboxPage /></RequireSession> },
      { path: 'customers', element: <RequireSession><CustomersPage /></RequireSession> },
      { path: 'customers/:customerId', element: <RequireSession><CustomerPage /></RequireSession> },
      { path: 'value', element: <RequireSession><CustomerValuePage /></RequireSession> },
      { path: 'imports', element: <RequireSession><CrmImportPage /></RequireSession> },
      { path: 'floor', element: <RequireSession><FloorPage /></RequireSession> },
      { path: 'floor/wall', element: <RequireSession><FloorWallPage /></RequireSession> },
      { path: 'floor/agents/:agentId', element: <RequireSession><FloorAgentPage /></RequireSession> },
      { path: 'floor/shifts', element: <RequireSession><ShiftsPage /></RequireSession> },
      { path: 'admin', element: <RequireSession><AdminPage /></RequireSession> },
      { path: 'admin/:section', element: <RequireSession><AdminPage /></RequireSession> },
      { path: 'reports', element: <RequireSession><ReportsPage /></RequireSession> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
