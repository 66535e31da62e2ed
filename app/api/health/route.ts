import { currentHealthReport } from '@/server/health/health-report';

export const dynamic = 'force-dynamic';

export async function GET() {
  const report = await currentHealthReport();
  return Response.json(report, { status: report.status === 'down' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}
