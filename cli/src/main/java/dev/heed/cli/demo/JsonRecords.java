package dev.heed.cli.demo;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JSON object per record: {@code {"type":"<kind>", ...the message's fields under their proto names}}. A message
 * field that is itself named {@code type} (the alert's kind) is printed as {@code <kind>_type}, so no key appears
 * twice. The rename is done on a copy of the message's descriptor (fields keep their numbers, so the bytes read the
 * same), which lets protobuf's own JSON printer write every value exactly as it always does.
 */
final class JsonRecords {
    static final String TYPE_KEY = "type";

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();
    /** Per record kind and message type: the descriptor to print with (the message's own when no field clashes). */
    private static final Map<String, Descriptor> PRINTED_AS = new ConcurrentHashMap<>();

    private JsonRecords() {
    }

    static String print(String kind, Message message) {
        Descriptor own = message.getDescriptorForType();
        Descriptor printed = PRINTED_AS.computeIfAbsent(kind + "/" + own.getFullName(), k -> renamed(own, kind));
        try {
            String body = printed == own ? PRINTER.print(message) : PRINTER.print(reread(printed, message.toByteString()));
            return "{\"" + TYPE_KEY + "\":\"" + kind + "\"" + (body.length() > 2 ? "," + body.substring(1) : "}");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + kind + " as JSON", e);
        }
    }

    private static DynamicMessage reread(Descriptor descriptor, ByteString bytes) throws InvalidProtocolBufferException {
        return DynamicMessage.parseFrom(descriptor, bytes);
    }

    /** The message's descriptor with its field {@code type} named {@code <kind>_type}; the original if it has none. */
    private static Descriptor renamed(Descriptor own, String kind) {
        if (own.findFieldByName(TYPE_KEY) == null) {
            return own;
        }
        if (own.getContainingType() != null) {
            throw new IllegalArgumentException("only top-level messages are printed as records: " + own.getFullName());
        }
        String newName = kind + "_" + TYPE_KEY;
        if (own.findFieldByName(newName) != null) {
            throw new IllegalArgumentException(own.getFullName() + " has both '" + TYPE_KEY + "' and '" + newName + "'");
        }
        FileDescriptorProto.Builder file = own.getFile().toProto().toBuilder();
        DescriptorProto.Builder message = file.getMessageTypeBuilder(own.getIndex());
        for (FieldDescriptorProto.Builder field : message.getFieldBuilderList()) {
            if (field.getName().equals(TYPE_KEY)) {
                field.setName(newName).clearJsonName();
            }
        }
        try {
            FileDescriptor copy = FileDescriptor.buildFrom(file.build(), own.getFile().getDependencies().toArray(FileDescriptor[]::new));
            return copy.getMessageTypes().get(own.getIndex());
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException("cannot rename " + own.getFullName() + "." + TYPE_KEY, e);
        }
    }
}
