package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.Ipv4;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Builds a {@link BsdpServerConfig}; unset fields take the defaults documented there. */
public final class BsdpServerConfigBuilder {

    private InetAddress bindAddress = Ipv4.ZERO;
    private int port = BsdpServerConfig.BOOTPS;
    private Optional<Inet4Address> advertiseAddress = Optional.empty();
    private Optional<Inet4Address> tftpServer = Optional.empty();
    private OptionalInt priority = OptionalInt.empty();
    private String bootFilePrefix = "";
    private Optional<String> httpBase = Optional.empty();
    private Optional<String> nfsExport = Optional.empty();
    private String machineNameFormat = BsdpServerConfig.DEFAULT_MACHINE_NAME_FORMAT;
    private boolean allowHighReplyPorts;
    private String serverName = "";
    private int workerThreads = 4;
    private int workerQueue = 4096;
    private int receiveBufferBytes = 4 << 20;
    private boolean answerOnEventLoop;
    private Set<String> answerOnInterfaces = Set.of();

    BsdpServerConfigBuilder() {
    }

    public BsdpServerConfigBuilder bindAddress(InetAddress v) {
        bindAddress = v;
        return this;
    }

    public BsdpServerConfigBuilder port(int v) {
        port = v;
        return this;
    }

    public BsdpServerConfigBuilder advertiseAddress(Inet4Address v) {
        advertiseAddress = Optional.ofNullable(v);
        return this;
    }

    public BsdpServerConfigBuilder tftpServer(Inet4Address v) {
        tftpServer = Optional.ofNullable(v);
        return this;
    }

    public BsdpServerConfigBuilder priority(int v) {
        priority = OptionalInt.of(v);
        return this;
    }

    public BsdpServerConfigBuilder bootFilePrefix(String v) {
        bootFilePrefix = v;
        return this;
    }

    public BsdpServerConfigBuilder httpBase(String v) {
        httpBase = Optional.ofNullable(v);
        return this;
    }

    public BsdpServerConfigBuilder nfsExport(String v) {
        nfsExport = Optional.ofNullable(v);
        return this;
    }

    public BsdpServerConfigBuilder machineNameFormat(String v) {
        machineNameFormat = v;
        return this;
    }

    public BsdpServerConfigBuilder allowHighReplyPorts(boolean v) {
        allowHighReplyPorts = v;
        return this;
    }

    public BsdpServerConfigBuilder serverName(String v) {
        serverName = v;
        return this;
    }

    public BsdpServerConfigBuilder workerThreads(int v) {
        workerThreads = v;
        return this;
    }

    public BsdpServerConfigBuilder workerQueue(int v) {
        workerQueue = v;
        return this;
    }

    public BsdpServerConfigBuilder receiveBufferBytes(int v) {
        receiveBufferBytes = v;
        return this;
    }

    public BsdpServerConfigBuilder answerOnEventLoop(boolean v) {
        answerOnEventLoop = v;
        return this;
    }

    /** Answer only Macs routed through these interfaces; empty (the default) = every interface. */
    public BsdpServerConfigBuilder answerOnInterfaces(Set<String> v) {
        answerOnInterfaces = v == null ? Set.of() : v;
        return this;
    }

    public BsdpServerConfig build() {
        return new BsdpServerConfig(bindAddress, port, advertiseAddress, tftpServer, priority, bootFilePrefix,
                httpBase, nfsExport, machineNameFormat, allowHighReplyPorts, serverName, workerThreads, workerQueue,
                receiveBufferBytes, answerOnEventLoop, answerOnInterfaces);
    }
}
