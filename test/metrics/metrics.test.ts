import fc from 'fast-check';
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics, toEndpointTemplate, toRouteTemplate } from '../../server/src/metrics/index.js';
import type { Metrics } from '../../server/src/metrics/index.js';

const P = 'interaction_merger_';

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

async function values(metrics: Metrics, name: string): Promise<Sample[]> {
  const metric = metrics.registry.getSingleMetric(`${P}${name}`);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values as Sample[];
}

async function labelValues(metrics: Metrics): Promise<string[]> {
  const all = await metrics.registry.getMetricsAsJSON();
  return all
    .filter((metric) => metric.name.startsWith(P))
    .flatMap((metric) => metric.values.flatMap((v) => Object.values(v.labels).map(String)));
}

describe('createMetrics', () => {
  it('when created twice, then each instance has its own registry and nothing lands in the global one', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.recordWebhookDeadLetter();
    expect(a.registry).not.toBe(b.registry);
    expect((await values(a, 'webhook_dead_letters_total'))[0]?.value).toBe(1);
    expect((await values(b, 'webhook_dead_letters_total'))[0]?.value).toBe(0);
    expect(globalRegistry.getSingleMetric(`${P}webhook_dead_letters_total`)).toBeUndefined();
  });

  it('when default metrics are on, then process metrics are exported with the prefix; off, they are not', async () => {
    const on = await createMetrics().registry.metrics();
    const off = await createMetrics({ defaultMetrics: false }).registry.metrics();
    expect(on).toContain(`${P}process_cpu_user_seconds_total`);
    expect(off).not.toContain('process_cpu_user_seconds_total');
  });

  it('when a merge and its steps finish, then their latencies are observed in seconds by step and outcome', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeMerge({ durationMs: 750, outcome: 'succeeded' });
    metrics.observeMergeStep({ step: 'merge_contacts', durationMs: 120, outcome: 'succeeded' });
    metrics.observeMergeStep({ step: 'confirm', durationMs: 30, outcome: 'failed' });
    const merge = await values(metrics, 'merge_duration_seconds');
    expect(merge.find((v) => v.metricName?.endsWith('_sum'))?.value).toBeCloseTo(0.75);
    const steps = await values(metrics, 'merge_step_duration_seconds');
    const sums = steps.filter((v) => v.metricName?.endsWith('_sum'));
    expect(sums.map((v) => [v.labels.step, v.labels.outcome, v.value])).toEqual([
      ['merge_contacts', 'succeeded', 0.12],
      ['confirm', 'failed', 0.03],
    ]);
  });

  it('when merge steps do not complete, then failures count by step and kind and their time is observed as failed', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordMergeStepFailure({ step: 'associate', kind: 'retried', durationMs: 40 });
    metrics.recordMergeStepFailure({ step: 'associate', kind: 'retried', durationMs: 60 });
    metrics.recordMergeStepFailure({ step: 'confirm', kind: 'failed', durationMs: 10 });
    metrics.recordMergeStepFailure({ step: 'jane@example.com' as never, kind: 'boom' as never, durationMs: 1 });
    const failures = await values(metrics, 'merge_step_failures_total');
    expect(failures.map((v) => [v.labels.step, v.labels.kind, v.value])).toEqual([
      ['associate', 'retried', 2],
      ['confirm', 'failed', 1],
      ['other', 'other', 1],
    ]);
    const sums = (await values(metrics, 'merge_step_duration_seconds')).filter((v) => v.metricName?.endsWith('_sum'));
    expect(sums.find((v) => v.labels.step === 'associate')).toMatchObject({ labels: { outcome: 'failed' }, value: 0.1 });
  });

  it('when Genesys calls are recorded, then they count by endpoint template, method and status, and 429s also count as rate-limited', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const endpoint = '/api/v2/externalcontacts/contacts/{contactId}';
    metrics.recordGenesysCall({ endpoint, method: 'get', status: 200, durationMs: 40 });
    metrics.recordGenesysCall({ endpoint, method: 'GET', status: 429 });
    metrics.recordGenesysCall({ endpoint, method: 'GET', status: null });
    metrics.recordGenesysRetry({ endpoint, method: 'GET', reason: 'rate_limited' });
    const calls = await values(metrics, 'genesys_requests_total');
    expect(calls.map((v) => [v.labels.endpoint, v.labels.method, v.labels.status, v.value])).toEqual([
      [endpoint, 'GET', '200', 1],
      [endpoint, 'GET', '429', 1],
      [endpoint, 'GET', 'none', 1],
    ]);
    expect((await values(metrics, 'genesys_rate_limited_total'))[0]).toMatchObject({ value: 1, labels: { endpoint } });
    expect((await values(metrics, 'genesys_retries_total'))[0]).toMatchObject({ value: 1, labels: { reason: 'rate_limited' } });
  });

  it('when label values look like customer identifiers, then they are mapped to templates or `other`, never exported', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const phone = '+15551234567';
    const email = 'jane.doe@example.com';
    const uuid = '3f1c2a9e-8b7d-4c6e-9f00-1a2b3c4d5e6f';
    metrics.recordGenesysCall({ endpoint: `/api/v2/externalcontacts/identifierlookup?value=${encodeURIComponent(phone)}`, method: 'POST', status: 200 });
    metrics.recordGenesysCall({ endpoint: `https://api.mypurecloud.com/api/v2/externalcontacts/contacts/${email}`, method: 'GET', status: 404 });
    metrics.recordGenesysCall({ endpoint: `/api/v2/analytics/conversations/${uuid}/details`, method: phone, status: 200 });
    metrics.recordGenesysRetry({ endpoint: `/api/v2/users/${phone}`, method: 'GET', reason: email as never });
    metrics.observeMerge({ durationMs: 1, outcome: email as never });
    metrics.observeMergeStep({ step: phone as never, durationMs: 1, outcome: 'succeeded' });
    metrics.recordWebhookAttempt({ outcome: uuid as never, statusClass: phone as never, durationMs: 1 });
    metrics.observeHttpRequest({ method: 'GET', route: `/api/v1/candidates/${phone}/x/${email}`, status: 200, durationMs: 1 });

    const labels = await labelValues(metrics);
    for (const value of labels) {
      expect(value).not.toContain('5551234567');
      expect(value).not.toContain('@');
      expect(value).not.toContain(uuid);
    }
    expect(labels).toEqual(expect.arrayContaining([
      '/api/v2/externalcontacts/identifierlookup',
      '/api/v2/externalcontacts/contacts/{id}',
      '/api/v2/analytics/conversations/{id}/details',
      '/api/v2/users/{id}',
      '/api/v1/candidates/{id}/x/{id}',
      'OTHER',
      'other',
    ]));
  });

  it('when any identifier is placed in a path, then the endpoint label holds only vocabulary words and placeholders', () => {
    const identifier = fc.oneof(
      fc.emailAddress(),
      fc.stringMatching(/^\+?[1-9][0-9]{6,14}$/),
      fc.uuid(),
      fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('/')),
    );
    fc.assert(
      fc.property(identifier, fc.constantFrom('contacts', 'conversations', 'users'), (id, family) => {
        const label = toEndpointTemplate(`/api/v2/${family}/${id}/details`);
        if (label === 'other') return;
        expect(label).toMatch(/^(\/([a-z0-9]+|\{[A-Za-z][A-Za-z0-9]*\}))+$/);
        const segments = label.split('/').slice(1);
        expect(segments.slice(0, 3)).toEqual(['api', 'v2', family]);
      }),
    );
    expect(toEndpointTemplate('/somewhere/else')).toBe('other');
    expect(toRouteTemplate('/api/v1/merges/:id/events')).toBe('/api/v1/merges/{id}/events');
  });

  it('when queue depth sources are set, then the gauge reads them at scrape time, and a failing source does not fail the scrape', async () => {
    let queued = 3;
    const metrics = createMetrics({ defaultMetrics: false, queueDepth: { merge_jobs: () => queued } });
    metrics.setQueueDepthSource('webhooks', async () => {
      throw new Error('store unreachable');
    });
    queued = 7;
    const text = await metrics.registry.metrics();
    expect(text).toContain(`${P}queue_depth{queue="merge_jobs"} 7`);
    expect(text).not.toContain('queue="webhooks"');
    metrics.setQueueDepthSource('webhooks', async () => 2);
    expect(await metrics.registry.metrics()).toContain(`${P}queue_depth{queue="webhooks"} 2`);
  });

  it('when agents keep, remove and add conversations, then precision and recall follow kept/(kept+removed) and kept/(kept+added)', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    expect((await values(metrics, 'dedup_precision'))[0]?.value).toBeNaN();
    metrics.recordDedupFeedback({ kept: 8, removed: 2, added: 0 });
    metrics.recordDedupFeedback({ kept: 10, removed: 0, added: 2 });
    expect((await values(metrics, 'dedup_precision'))[0]?.value).toBeCloseTo(18 / 20);
    expect((await values(metrics, 'dedup_recall'))[0]?.value).toBeCloseTo(18 / 20);
    metrics.recordDedupFeedback({ kept: 2, removed: 0, added: 5 });
    expect((await values(metrics, 'dedup_precision'))[0]?.value).toBeCloseTo(20 / 22);
    expect((await values(metrics, 'dedup_recall'))[0]?.value).toBeCloseTo(20 / 27);
  });

  it('when line-type lookups are recorded, then they count by outcome, and an unknown outcome becomes other', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordLineTypeLookup('mobile');
    metrics.recordLineTypeLookup('mobile');
    metrics.recordLineTypeLookup('failed');
    metrics.recordLineTypeLookup('+14155550123' as never);
    const counted = await values(metrics, 'line_type_lookups_total');
    expect(Object.fromEntries(counted.map((v) => [v.labels.outcome, v.value]))).toEqual({ mobile: 2, failed: 1, other: 1 });
  });

  it('when webhook attempts are recorded, then attempts count by outcome and status class and latency is observed', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordWebhookAttempt({ outcome: 'delivered', statusClass: '2xx', durationMs: 12 });
    metrics.recordWebhookAttempt({ outcome: 'retry', statusClass: 'timeout', durationMs: 15_000 });
    metrics.recordWebhookDeadLetter();
    const attempts = await values(metrics, 'webhook_attempts_total');
    expect(attempts.map((v) => [v.labels.outcome, v.labels.status_class, v.value])).toEqual([
      ['delivered', '2xx', 1],
      ['retry', 'timeout', 1],
    ]);
    const latency = await values(metrics, 'webhook_delivery_duration_seconds');
    expect(latency.find((v) => v.metricName?.endsWith('_sum') && v.labels.outcome === 'retry')?.value).toBe(15);
    expect((await values(metrics, 'webhook_dead_letters_total'))[0]?.value).toBe(1);
  });
});
