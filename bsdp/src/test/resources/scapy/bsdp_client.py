#!/usr/bin/python3
"""An independent BSDP client built on scapy, for Orchard's interop tests.

Crafts INFORM[LIST] the way Apple's Startup Disk client does (bsdp.md TV1b: 53, 55={60,43}, 57=1500,
60=AAPLBSDPC/i386/<model>, 43 = 1 LIST, 2 version 1.1, 5 reply port, 12 max size 8192) and
INFORM[SELECT] the way the EFI firmware does (TV3a: 43 = 1 SELECT, 2 version, 8 image, 3 server), sends
them over a plain UDP socket, parses the replies with scapy and its own option-43 reader, and prints
one JSON object per exchange on stdout.

usage: bsdp_client.py SERVER_IP SERVER_PORT CLIENT_IP MAC MODEL
"""
import json
import random
import socket
import struct
import sys

from scapy.all import BOOTP, DHCP, raw


def bsdp_suboptions(payloads):
    """Parse each option-43 instance on its own and concatenate every sub-option 9 (Apple's client)."""
    subs, images = {}, b""
    for data in payloads:
        i = 0
        while i < len(data):
            code = data[i]
            if code == 0:
                i += 1
                continue
            if code == 255:
                break
            length = data[i + 1]
            value = data[i + 2:i + 2 + length]
            if len(value) != length:
                raise ValueError("sub-option %d overruns its option 43" % code)
            if code == 9:
                images += value
            else:
                subs.setdefault(code, value)
            i += 2 + length
    entries, i = [], 0
    while i < len(images):
        image_id, name_len = struct.unpack("!IB", images[i:i + 5])
        entries.append({"id": "0x%08X" % image_id, "name": images[i + 5:i + 5 + name_len].decode("utf-8")})
        i += 5 + name_len
    return subs, entries


def dhcp_options(packet):
    found = {}
    for opt in packet[DHCP].options:
        if isinstance(opt, tuple):
            found.setdefault(opt[0], []).append(opt[1] if len(opt) == 2 else opt[1:])
    return found


def exchange(sock, server, xid, mac, ciaddr, model, vendor43):
    request = BOOTP(op=1, htype=1, hlen=6, xid=xid, ciaddr=ciaddr, chaddr=mac + b"\0" * 10) / DHCP(options=[
        ("message-type", "inform"), ("param_req_list", [60, 43]), ("max_dhcp_size", 1500),
        ("vendor_class_id", ("AAPLBSDPC/i386/" + model).encode()), ("vendor_specific", vendor43), "end"])
    sock.sendto(raw(request), server)
    while True:
        data, sender = sock.recvfrom(65535)
        reply = BOOTP(data)
        if reply.xid == xid:
            return reply, sender, len(data)


def describe(reply, sender, size):
    opts = dhcp_options(reply)
    subs, images = bsdp_suboptions(opts.get("vendor_specific", []))
    order = [o[0] if isinstance(o, tuple) else o for o in reply[DHCP].options]
    result = {
        "op": reply.op, "from_port": sender[1], "size": size, "siaddr": reply.siaddr,
        "file": reply.file.rstrip(b"\0").decode(), "option_order": [str(o) for o in order],
        "message_type": opts["message-type"][0], "server_id": opts["server_id"][0],
        "vendor_class": opts["vendor_class_id"][0].decode(),
        "root_path": opts["root_disk_path"][0].decode() if "root_disk_path" in opts else None,
        "option43_instances": len(opts.get("vendor_specific", [])),
        "bsdp_type": subs[1][0] if 1 in subs else None, "images": images,
    }
    if 4 in subs:
        result["priority"] = struct.unpack("!H", subs[4])[0]
    for code, key in ((7, "default"), (8, "selected")):
        if code in subs:
            result[key] = "0x%08X" % struct.unpack("!I", subs[code])[0]
    if 130 in subs:
        result["machine_name"] = subs[130].decode()
    result["vendor43_first"] = opts["vendor_specific"][0].hex() if "vendor_specific" in opts else None
    return result


def main():
    server = (sys.argv[1], int(sys.argv[2]))
    ciaddr, mac, model = sys.argv[3], bytes.fromhex(sys.argv[4].replace(":", "")), sys.argv[5]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((ciaddr, 0))
    sock.settimeout(5)
    port = sock.getsockname()[1]
    xid = random.randint(1, 2 ** 31)

    list43 = bytes([1, 1, 1, 2, 2, 1, 1, 5, 2]) + struct.pack("!H", port) + bytes([12, 2, 0x20, 0x00])
    ack_list = describe(*exchange(sock, server, xid, mac, ciaddr, model, list43))
    print(json.dumps({"exchange": "list", **ack_list}))

    image = int(ack_list["default"], 16)
    server_id = socket.inet_aton(ack_list["server_id"])
    select43 = bytes([1, 1, 2, 2, 2, 1, 1, 8, 4]) + struct.pack("!I", image) + bytes([3, 4]) + server_id \
        + bytes([5, 2]) + struct.pack("!H", port)
    print(json.dumps({"exchange": "select", **describe(*exchange(sock, server, xid + 1, mac, ciaddr, model, select43))}))

    bogus43 = bytes([1, 1, 2, 2, 2, 1, 1, 8, 4]) + struct.pack("!I", 0x81000999) + bytes([3, 4]) + server_id \
        + bytes([5, 2]) + struct.pack("!H", port)
    print(json.dumps({"exchange": "failed", **describe(*exchange(sock, server, xid + 2, mac, ciaddr, model, bogus43))}))

    print(json.dumps({"exchange": "again", **describe(*exchange(sock, server, xid + 3, mac, ciaddr, model, list43))}))


if __name__ == "__main__":
    main()
