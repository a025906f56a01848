package io.s3panel.core.navigate;

import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy listing of every object under a prefix, page by page. Nothing is fetched until iteration;
 * each page is one ListObjectsV2 call; every new iteration starts again from the first page.
 * Memory holds one page at a time.
 *
 * <pre>{@code
 * long bytes = navigator.listObjects("photos", "2024/").objects().mapToLong(ObjectSummary::size).sum();
 * }</pre>
 */
public interface ObjectPages extends Iterable<List<ObjectSummary>> {
  /** The pages as a sequential stream. */
  default Stream<List<ObjectSummary>> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
  }

  /** Every object of every page, as a sequential stream. */
  default Stream<ObjectSummary> objects() {
    return stream().flatMap(List::stream);
  }
}
