// The folders the user wrote a backup to or looked in during this window's life, so the list of
// backups still shows them after a visit to another screen.

export const seenFolders = $state<{ list: string[] }>({ list: [] });

/** Adds `folder` to the folders looked in, once. */
export function rememberFolder(folder: string): void {
  if (!seenFolders.list.includes(folder)) seenFolders.list.push(folder);
}
