import { fetchApiHealth, type DependencyStatus } from '../../lib/api-health';

// Health is live state: render on every request, never at build time.
export const dynamic = 'force-dynamic';

function StatusRow({ name, status }: { name: string; status: DependencyStatus }) {
  return (
    <tr>
      <th scope="row" style={{ textAlign: 'left', paddingRight: '1rem' }}>
        {name}
      </th>
      <td data-testid={`status-${name}`}>{status.status}</td>
      <td>{status.latencyMs !== undefined ? `${status.latencyMs} ms` : (status.error ?? '')}</td>
    </tr>
  );
}

export default async function StatusPage() {
  const result = await fetchApiHealth();
  return (
    <main>
      <h1>Eider</h1>
      {result.reachable ? (
        <>
          <p data-testid="api-status">API status: {result.health.status}</p>
          <table>
            <tbody>
              <StatusRow name="mongo" status={result.health.mongo} />
              <StatusRow name="redis" status={result.health.redis} />
            </tbody>
          </table>
          <p data-testid="protocols-count">Protocol nodes ready: {result.health.protocols.length}</p>
        </>
      ) : (
        <p data-testid="api-status" role="alert">
          API unreachable: {result.error}
        </p>
      )}
    </main>
  );
}
