import { redirect } from 'next/navigation';

// The portfolio overview is the dashboard everyone lands on; /dashboard is where many look for it.
export default function DashboardPage(): never {
  redirect('/');
}
