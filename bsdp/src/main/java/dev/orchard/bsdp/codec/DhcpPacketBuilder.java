package dev.orchard.bsdp.codec;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/** Mutable helper to assemble an immutable {@link DhcpPacket}; every field defaults to zero or empty. */
public final class DhcpPacketBuilder {

    private int op = DhcpPacket.BOOTREQUEST;
    private int htype = DhcpPacket.HTYPE_ETHERNET;
    private int hlen = 6;
    private int hops;
    private int xid;
    private int secs;
    private int flags;
    private Inet4Address ciaddr = Ipv4.ZERO;
    private Inet4Address yiaddr = Ipv4.ZERO;
    private Inet4Address siaddr = Ipv4.ZERO;
    private Inet4Address giaddr = Ipv4.ZERO;
    private byte[] chaddr = new byte[16];
    private String sname = "";
    private String file = "";
    private final List<DhcpOption> options = new ArrayList<>();

    DhcpPacketBuilder() {
    }

    DhcpPacketBuilder(DhcpPacket p) {
        op = p.op();
        htype = p.htype();
        hlen = p.hlen();
        hops = p.hops();
        xid = p.xid();
        secs = p.secs();
        flags = p.flags();
        ciaddr = p.ciaddr();
        yiaddr = p.yiaddr();
        siaddr = p.siaddr();
        giaddr = p.giaddr();
        chaddr = p.chaddr();
        sname = p.sname();
        file = p.file();
        options.addAll(p.options());
    }

    public DhcpPacketBuilder op(int v) {
        op = v;
        return this;
    }

    public DhcpPacketBuilder htype(int v) {
        htype = v;
        return this;
    }

    public DhcpPacketBuilder hlen(int v) {
        hlen = v;
        return this;
    }

    public DhcpPacketBuilder hops(int v) {
        hops = v;
        return this;
    }

    public DhcpPacketBuilder xid(int v) {
        xid = v;
        return this;
    }

    public DhcpPacketBuilder secs(int v) {
        secs = v;
        return this;
    }

    public DhcpPacketBuilder flags(int v) {
        flags = v;
        return this;
    }

    public DhcpPacketBuilder ciaddr(Inet4Address v) {
        ciaddr = v;
        return this;
    }

    public DhcpPacketBuilder yiaddr(Inet4Address v) {
        yiaddr = v;
        return this;
    }

    public DhcpPacketBuilder siaddr(Inet4Address v) {
        siaddr = v;
        return this;
    }

    public DhcpPacketBuilder giaddr(Inet4Address v) {
        giaddr = v;
        return this;
    }

    /** Sets an Ethernet client address: htype 1, hlen 6, chaddr = the MAC then zeros. */
    public DhcpPacketBuilder mac(MacAddress mac) {
        htype = DhcpPacket.HTYPE_ETHERNET;
        hlen = 6;
        chaddr = new byte[16];
        System.arraycopy(mac.toBytes(), 0, chaddr, 0, 6);
        return this;
    }

    public DhcpPacketBuilder chaddr(byte[] v) {
        chaddr = v.clone();
        return this;
    }

    public DhcpPacketBuilder sname(String v) {
        sname = v;
        return this;
    }

    public DhcpPacketBuilder file(String v) {
        file = v;
        return this;
    }

    public DhcpPacketBuilder clearOptions() {
        options.clear();
        return this;
    }

    public DhcpPacketBuilder option(DhcpOption o) {
        options.add(o);
        return this;
    }

    public DhcpPacketBuilder options(List<DhcpOption> all) {
        options.addAll(all);
        return this;
    }

    public DhcpPacket build() {
        return new DhcpPacket(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr,
                sname, file, options);
    }
}
