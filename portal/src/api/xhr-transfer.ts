import type { Transfer } from './upload-flow.ts';

/** fetch cannot report upload progress; XMLHttpRequest's upload events can. */
export const xhrTransfer: Transfer = ({ method, url, headers, body, onProgress }) =>
  new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : body.size);
    request.onload = () => resolve({ status: request.status, body: request.responseText });
    request.onerror = () => reject(new TypeError('network error'));
    request.onabort = () => reject(new TypeError('upload aborted'));
    request.send(body);
  });
