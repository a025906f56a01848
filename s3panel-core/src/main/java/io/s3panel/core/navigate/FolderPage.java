package io.s3panel.core.navigate;

import java.util.List;

/**
 * One page of a folder: the sub-folders and files directly under a prefix, in key order, at most
 * {@link FolderPageRequest#maxKeys()} of them together.
 *
 * @param folders common prefixes, each ending with {@code /}
 * @param files objects directly under the prefix
 * @param marker the marker this page started after ({@code ""} for the first page)
 * @param nextMarker where the next page starts; {@code ""} on the last page
 */
public record FolderPage(List<String> folders, List<FileEntry> files, String marker, String nextMarker) {
  /** Copies the lists. */
  public FolderPage {
    folders = List.copyOf(folders);
    files = List.copyOf(files);
  }

  /** True when this is the last page. */
  public boolean isLast() {
    return nextMarker.isEmpty();
  }
}
