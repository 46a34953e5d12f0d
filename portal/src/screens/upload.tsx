import { useState } from 'preact/hooks';
import { UPLOAD_FORMATS, type UploadFormat, type UploadMode } from '../api/types.ts';
import { formatOfFileName, type UploadProgress, uploadCatalogue } from '../api/upload-flow.ts';
import { xhrTransfer } from '../api/xhr-transfer.ts';
import { useApp } from '../app-context.ts';
import { ErrorNotice } from '../components/notices.tsx';

const ACCEPTED_FILES = '.csv,.tsv,.tab,.txt,.xlsx,.json,.xml';

/** Pick or drop a file, choose full or delta, watch it travel and then be read. */
export function Upload() {
  const app = useApp();
  const { t, number } = app;
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<UploadFormat | ''>('');
  const [mode, setMode] = useState<UploadMode>('full');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const busy = progress !== null;

  async function send(event: Event) {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setProgress({ phase: 'transfer', sentBytes: 0, totalBytes: file.size });
    try {
      // "Tell from the file": its extension when it says; otherwise (.txt) the server reads the content.
      const told = format || formatOfFileName(file.name);
      const report = await uploadCatalogue(
        { producerId: app.session.producerId, file, mode, ...(told ? { format: told } : {}) },
        { api: app.api, transfer: xhrTransfer, onProgress: setProgress },
      );
      app.navigate({ name: 'report', catalogueId: report.catalogueId });
    } catch (failure) {
      setError(failure);
      setProgress(null);
    }
  }

  function dropped(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const first = event.dataTransfer?.files[0];
    if (first && !busy) setFile(first);
  }

  return (
    <section aria-labelledby="upload-title">
      <h1 id="upload-title">{t('upload.title')}</h1>
      <p>{t('upload.intro')}</p>
      <form onSubmit={send}>
        {/* The file input is the keyboard's way in; dropping a file is the pointer's shortcut. */}
        <fieldset
          class={dragging ? 'drop-zone dragging' : 'drop-zone'}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={dropped}
        >
          <label id="catalogue-file-label" for="catalogue-file">
            {t('upload.file')}
          </label>
          <input
            id="catalogue-file"
            type="file"
            accept={ACCEPTED_FILES}
            disabled={busy}
            aria-describedby="catalogue-file-hint"
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
          <p id="catalogue-file-hint" class="hint">
            {t('upload.dropHint')}
          </p>
          {file ? (
            <p class="chosen" aria-live="polite">
              {t('upload.chosen', { name: file.name, size: number(Math.ceil(file.size / 1024)) })}
            </p>
          ) : null}
        </fieldset>

        <label for="catalogue-format">{t('upload.format')}</label>
        <select
          id="catalogue-format"
          value={format}
          disabled={busy}
          onChange={(event) => setFormat(event.currentTarget.value as UploadFormat | '')}
        >
          <option value="">{t('upload.formatAuto')}</option>
          {UPLOAD_FORMATS.map((value) => (
            <option key={value} value={value}>
              {value.toUpperCase()}
            </option>
          ))}
        </select>

        <fieldset disabled={busy}>
          <legend>{t('upload.mode')}</legend>
          {(['full', 'delta'] as const).map((value) => (
            <label class="choice" key={value}>
              <input
                type="radio"
                name="mode"
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
              />
              {t(value === 'full' ? 'upload.modeFull' : 'upload.modeDelta')}
            </label>
          ))}
        </fieldset>

        <button type="submit" class="primary" disabled={!file || busy}>
          {t('upload.submit')}
        </button>
      </form>

      {progress ? <UploadProgressView progress={progress} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}

function UploadProgressView(props: { progress: UploadProgress }) {
  const { t, number } = useApp();
  const { progress } = props;
  if (progress.phase === 'transfer') {
    const percent =
      progress.totalBytes > 0 ? Math.round((progress.sentBytes / progress.totalBytes) * 100) : 0;
    return (
      <div class="progress" role="status">
        <label for="transfer-progress">{t('upload.transferring', { percent })}</label>
        <progress id="transfer-progress" max={100} value={percent}>
          {percent}%
        </progress>
      </div>
    );
  }
  return (
    <div class="progress" role="status">
      <label for="processing-progress">
        {progress.rowsRead === null
          ? t('upload.processing')
          : t('upload.processingRows', { rows: number(progress.rowsRead) })}
      </label>
      {/* The total is not known until the file is read: an indeterminate bar. */}
      <progress id="processing-progress" />
    </div>
  );
}
