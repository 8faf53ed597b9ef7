import { useState } from 'react';
import type { GainsExportFormat, GainsQuery } from '../api/types.js';
import { useServices } from '../app-context.js';
import { EXPORT_FORMATS } from '../gains/options.js';
import { csvFilename, saveBlob } from './save-blob.js';
import { ErrorBox } from './status.js';

/** Tax and accounting CSVs of the current query, fetched with the Authorization header. */
export function GainsExports({ query }: { query: GainsQuery }) {
  const { api } = useServices();
  const [state, setState] = useState<{ busy: GainsExportFormat | null; error: unknown }>({
    busy: null,
    error: null,
  });

  async function download(format: GainsExportFormat) {
    setState({ busy: format, error: null });
    try {
      const { blob, filename } = await api.gainsExport(format, query);
      saveBlob(blob, filename ?? csvFilename(format));
      setState({ busy: null, error: null });
    } catch (error) {
      setState({ busy: null, error });
    }
  }

  return (
    <>
      <span className="muted small">Export</span>
      {EXPORT_FORMATS.map((f) => (
        <button
          key={f.id}
          type="button"
          className="btn btn-small"
          data-testid={`export-${f.id}`}
          title={f.title}
          disabled={state.busy !== null}
          onClick={() => void download(f.id)}
        >
          {state.busy === f.id ? 'Exporting…' : f.label}
        </button>
      ))}
      {state.error ? <ErrorBox error={state.error} /> : null}
    </>
  );
}
