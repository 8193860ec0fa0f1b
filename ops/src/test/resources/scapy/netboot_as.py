#!/usr/bin/python3
"""Netboots "as" a MAC address over BSDP, as any host on a lab network can: INFORM[LIST] then
INFORM[SELECT] of the default image, sent from CLIENT_IP port 68 to SERVER_IP port 67 with chaddr MAC,
whatever this host's own network card is. Built on scapy (an independent client). Prints one JSON
object: the ACK[SELECT]'s type, server identifier and boot file.

usage: netboot_as.py SERVER_IP CLIENT_IP MAC MODEL
"""
import json
import random
import socket
import struct
import sys

from scapy.all import BOOTP, DHCP, raw


def options43(reply):
    for opt in reply[DHCP].options:
        if isinstance(opt, tuple) and opt[0] == "vendor_specific":
            data, i, subs = opt[1], 0, {}
            while i + 1 < len(data) and data[i] != 255:
                subs.setdefault(data[i], data[i + 2:i + 2 + data[i + 1]])
                i += 2 + data[i + 1]
            return subs
    return {}


def exchange(sock, server, xid, mac, ciaddr, model, vendor43):
    request = BOOTP(op=1, htype=1, hlen=6, xid=xid, ciaddr=ciaddr, chaddr=mac + b"\0" * 10) / DHCP(options=[
        ("message-type", "inform"), ("param_req_list", [60, 43]), ("max_dhcp_size", 1500),
        ("vendor_class_id", ("AAPLBSDPC/i386/" + model).encode()), ("vendor_specific", vendor43), "end"])
    for _ in range(5):
        sock.sendto(raw(request), server)
        try:
            while True:
                data, _sender = sock.recvfrom(65535)
                reply = BOOTP(data)
                if reply.xid == xid:
                    return reply
        except socket.timeout:
            continue
    raise SystemExit("no answer from %s to xid %d" % (server, xid))


def main():
    server = (sys.argv[1], 67)
    ciaddr, mac, model = sys.argv[2], bytes.fromhex(sys.argv[3].replace(":", "")), sys.argv[4]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((ciaddr, 68))
    sock.settimeout(2)
    xid = random.randint(1, 2 ** 31)
    listed = options43(exchange(sock, server, xid, mac, ciaddr, model, bytes([1, 1, 1, 2, 2, 1, 1])))
    image = listed[7]
    server_id = socket.inet_aton(sys.argv[1])
    select43 = bytes([1, 1, 2, 2, 2, 1, 1, 8, 4]) + image + bytes([3, 4]) + server_id
    ack = exchange(sock, server, xid + 1, mac, ciaddr, model, select43)
    print(json.dumps({"bsdp_type": options43(ack)[1][0], "image": "0x%08X" % struct.unpack("!I", image)[0],
                      "file": ack.file.rstrip(b"\0").decode()}))


if __name__ == "__main__":
    main()
