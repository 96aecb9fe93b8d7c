/** Resolves once `stream` has its file descriptor; rejects with the open error. */
export function whenOpen(stream) {
    return new Promise((resolve, reject) => {
        if (!stream.pending) {
            resolve();
            return;
        }
        stream.once('error', reject);
        stream.once('ready', () => {
            stream.off('error', reject);
            resolve();
        });
    });
}
//# sourceMappingURL=file-stream.js.map