package dev.orchard.bsdp.codec;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Assembles a {@link BsdpOptions}; unset sub-options stay absent. */
public final class BsdpOptionsBuilder {

    private OptionalInt messageType = OptionalInt.empty();
    private OptionalInt version = OptionalInt.empty();
    private Optional<Inet4Address> serverIdentifier = Optional.empty();
    private OptionalInt serverPriority = OptionalInt.empty();
    private OptionalInt replyPort = OptionalInt.empty();
    private Optional<String> bootImageListPath = Optional.empty();
    private Optional<BootImageId> defaultImage = Optional.empty();
    private Optional<BootImageId> selectedImage = Optional.empty();
    private final List<BootImage> imageList = new ArrayList<>();
    private boolean netboot10Firmware;
    private final List<Integer> attributesFilter = new ArrayList<>();
    private OptionalInt maxMessageSize = OptionalInt.empty();
    private Optional<String> shadowMountPath = Optional.empty();
    private Optional<String> shadowFilePath = Optional.empty();
    private Optional<String> machineName = Optional.empty();

    BsdpOptionsBuilder() {
    }

    BsdpOptionsBuilder(BsdpOptions o) {
        messageType = o.messageType();
        version = o.version();
        serverIdentifier = o.serverIdentifier();
        serverPriority = o.serverPriority();
        replyPort = o.replyPort();
        bootImageListPath = o.bootImageListPath();
        defaultImage = o.defaultImage();
        selectedImage = o.selectedImage();
        imageList.addAll(o.imageList());
        netboot10Firmware = o.netboot10Firmware();
        attributesFilter.addAll(o.attributesFilter());
        maxMessageSize = o.maxMessageSize();
        shadowMountPath = o.shadowMountPath();
        shadowFilePath = o.shadowFilePath();
        machineName = o.machineName();
    }

    public BsdpOptionsBuilder messageType(BsdpMessageType t) {
        return messageType(t.code());
    }

    public BsdpOptionsBuilder messageType(int code) {
        messageType = OptionalInt.of(requireRange(code, 0xFF, "message type"));
        return this;
    }

    public BsdpOptionsBuilder version(int v) {
        version = OptionalInt.of(requireRange(v, 0xFFFF, "version"));
        return this;
    }

    public BsdpOptionsBuilder serverIdentifier(Inet4Address a) {
        serverIdentifier = Optional.of(a);
        return this;
    }

    public BsdpOptionsBuilder serverPriority(int p) {
        serverPriority = OptionalInt.of(requireRange(p, 0xFFFF, "server priority"));
        return this;
    }

    public BsdpOptionsBuilder replyPort(int port) {
        replyPort = OptionalInt.of(requireRange(port, 0xFFFF, "reply port"));
        return this;
    }

    public BsdpOptionsBuilder bootImageListPath(String path) {
        bootImageListPath = Optional.of(path);
        return this;
    }

    public BsdpOptionsBuilder defaultImage(BootImageId id) {
        defaultImage = Optional.of(id);
        return this;
    }

    public BsdpOptionsBuilder selectedImage(BootImageId id) {
        selectedImage = Optional.of(id);
        return this;
    }

    public BsdpOptionsBuilder imageList(List<BootImage> images) {
        imageList.clear();
        imageList.addAll(images);
        return this;
    }

    public BsdpOptionsBuilder netboot10Firmware(boolean present) {
        netboot10Firmware = present;
        return this;
    }

    public BsdpOptionsBuilder attributesFilter(List<Integer> attributes) {
        attributesFilter.clear();
        attributesFilter.addAll(attributes);
        return this;
    }

    public BsdpOptionsBuilder maxMessageSize(int size) {
        maxMessageSize = OptionalInt.of(requireRange(size, 0xFFFF, "max message size"));
        return this;
    }

    public BsdpOptionsBuilder shadowMountPath(String url) {
        shadowMountPath = Optional.of(url);
        return this;
    }

    public BsdpOptionsBuilder shadowFilePath(String path) {
        shadowFilePath = Optional.of(path);
        return this;
    }

    public BsdpOptionsBuilder machineName(String name) {
        machineName = Optional.of(name);
        return this;
    }

    public BsdpOptions build() {
        return new BsdpOptions(messageType, version, serverIdentifier, serverPriority, replyPort, bootImageListPath,
                defaultImage, selectedImage, imageList, netboot10Firmware, attributesFilter, maxMessageSize,
                shadowMountPath, shadowFilePath, machineName);
    }

    private static int requireRange(int v, int max, String what) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " must be 0.." + max + ", was " + v);
        }
        return v;
    }
}
