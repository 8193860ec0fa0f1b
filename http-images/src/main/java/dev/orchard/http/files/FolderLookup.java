package dev.orchard.http.files;

/** A file looked up with the folder it was opened in ({@link FileResolver#openInFolder}), or why not. */
public sealed interface FolderLookup permits FileInFolder, FileLookup.NotFound {
}
