import fs from 'node:fs';
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
/**
 * The first `size` bytes of a small file, read at once (open, one read, close): fewer steps than a
 * stream for a file that fits one read, and the callback API, lighter than FileHandle's promises.
 * Fewer bytes when the file has shrunk since its stat.
 */
export function readSmallFile(path, size) {
    return new Promise((resolve, reject) => {
        fs.open(path, 'r', (openError, fd) => {
            if (openError !== null) {
                reject(openError);
                return;
            }
            const buffer = Buffer.allocUnsafe(size);
            fs.read(fd, buffer, 0, size, 0, (readError, bytesRead) => {
                // Closing a descriptor opened for reading loses nothing: its error is not the reader's.
                fs.close(fd, () => {
                    if (readError !== null)
                        reject(readError);
                    else
                        resolve(bytesRead === size ? buffer : buffer.subarray(0, bytesRead));
                });
            });
        });
    });
}
//# sourceMappingURL=file-stream.js.map