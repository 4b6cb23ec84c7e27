import { useParams } from 'react-router';
import { CustomerRecord } from '../features/customer-value';
import './pages.css';

export function CustomerPage() {
  const { customerId = '' } = useParams();
  return <CustomerRecord key={customerId} customerId={customerId} />;
}
