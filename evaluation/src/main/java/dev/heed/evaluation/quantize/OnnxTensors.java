package dev.heed.evaluation.quantize;

import com.google.protobuf.ByteString;
import dev.heed.evaluation.quantize.onnx.OnnxModel.TensorProto;
import dev.heed.evaluation.quantize.onnx.OnnxModel.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Between ONNX initializers and Java arrays. ONNX stores raw tensor data little-endian whatever the host. */
final class OnnxTensors {
    private OnnxTensors() {
    }

    /** The values of a float tensor, from raw_data or float_data. */
    static float[] floats(TensorProto t) {
        if (t.getDataType() != DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("tensor " + t.getName() + " is not float32 (ONNX data type " + t.getDataType() + ")");
        }
        if (t.hasRawData()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(name, DataType.FLOAT, raw.array(), dims);
    }

    static TensorProto int8(String name, byte[] values, long... dims) {
        return tensor(name, DataType.INT8, values, dims);
    }

    static TensorProto uint8(String name, byte[] values, long... dims) {
        return tensor(name, DataType.UINT8, values, dims);
    }

    static TensorProto int32(String name, int[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asIntBuffer().put(values);
        return tensor(name, DataType.INT32, raw.array(), dims);
    }

    private static TensorProto tensor(String name, DataType type, byte[] raw, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
