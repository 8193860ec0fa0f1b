package dev.orchard.http.server;

import io.netty.channel.DefaultFileRegion;

import java.nio.channels.FileChannel;

/**
 * A {@link DefaultFileRegion} over a descriptor owned by the response, not by the region. A response sends
 * a file as many bounded regions (like nginx's {@code sendfile_max_chunk}) over one open descriptor, but
 * {@code DefaultFileRegion} closes its channel when released; this one leaves it open. It must stay a
 * {@code DefaultFileRegion} subclass: the epoll transport uses {@code sendfile(2)} only for those.
 */
final class BorrowedFileRegion extends DefaultFileRegion {

    BorrowedFileRegion(FileChannel file, long position, long count) {
        super(file, position, count);
    }

    @Override
    protected void deallocate() {
        // the descriptor belongs to the response (OpenedFile), which closes it when the response ends
    }
}
