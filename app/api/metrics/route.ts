import { metricsText } from '@/server/health/prometheus-metrics';

export const dynamic = 'force-dynamic';

// Prometheus scrape target; like /api/health it carries no secrets (restrict it at the proxy if needed).
export async function GET() {
  const { status, body } = await metricsText();
  return new Response(body, { status, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' } });
}
