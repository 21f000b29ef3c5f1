package io.citypulse.speedlayer.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The sequence numbers one window has seen, to drop re-sent readings. A sensor numbers its readings
 * consecutively, so the set is kept as sorted, disjoint, non-adjacent ranges {@code [first, last]}: a window
 * of in-order readings is one range whatever its size, which keeps both memory and snapshots small.
 */
final class SeqSet {

    /** {@code ranges[2i]} and {@code ranges[2i + 1]}: first and last seq of range i. */
    private long[] ranges;
    private int rangeCount;
    private int size;

    SeqSet() {
        this(new long[4], 0, 0);
    }

    private SeqSet(long[] ranges, int rangeCount, int size) {
        this.ranges = ranges;
        this.rangeCount = rangeCount;
        this.size = size;
    }

    /** Adds {@code seq}; false when present. Readings arrive mostly in order, so extending the last range is the common path. */
    boolean add(long seq) {
        int last = rangeCount - 1;
        if (last >= 0 && seq == ranges[2 * last + 1] + 1) {
            ranges[2 * last + 1] = seq;
        } else if (last < 0 || seq > ranges[2 * last + 1]) {
            insertRange(rangeCount, seq);
        } else {
            int at = firstRangeEndingAtOrAfter(seq);
            if (ranges[2 * at] <= seq) {
                return false;
            }
            addBefore(at, seq);
        }
        size++;
        return true;
    }

    /** {@code seq} is below range {@code at} and above range {@code at - 1}: extend one of them, merge, or insert. */
    private void addBefore(int at, long seq) {
        boolean joinsNext = ranges[2 * at] == seq + 1;
        boolean joinsPrevious = at > 0 && ranges[2 * at - 1] == seq - 1;
        if (joinsPrevious && joinsNext) {
            ranges[2 * at - 1] = ranges[2 * at + 1];
            System.arraycopy(ranges, 2 * at + 2, ranges, 2 * at, 2 * (rangeCount - at - 1));
            rangeCount--;
        } else if (joinsNext) {
            ranges[2 * at] = seq;
        } else if (joinsPrevious) {
            ranges[2 * at - 1] = seq;
        } else {
            insertRange(at, seq);
        }
    }

    /** Index of the first range whose last seq is ≥ {@code seq}; the caller knows one exists. */
    private int firstRangeEndingAtOrAfter(long seq) {
        int low = 0;
        int high = rangeCount - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ranges[2 * mid + 1] < seq) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void insertRange(int at, long seq) {
        if (2 * rangeCount + 2 > ranges.length) {
            ranges = Arrays.copyOf(ranges, ranges.length * 2);
        }
        System.arraycopy(ranges, 2 * at, ranges, 2 * at + 2, 2 * (rangeCount - at));
        ranges[2 * at] = seq;
        ranges[2 * at + 1] = seq;
        rangeCount++;
    }

    /** Number of distinct sequence numbers. */
    int size() {
        return size;
    }

    /** Number of ranges (1 for a window of consecutive readings). */
    int ranges() {
        return rangeCount;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(rangeCount);
        for (int i = 0; i < 2 * rangeCount; i++) {
            out.writeLong(ranges[i]);
        }
    }

    /** Reads the version-1 form: a count, then every seq in ascending order. */
    static SeqSet readListed(DataInput in) throws IOException {
        int count = in.readInt();
        SeqSet set = new SeqSet();
        for (int i = 0; i < count; i++) {
            set.add(in.readLong());
        }
        return set;
    }

    static SeqSet readFrom(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("negative range count " + count);
        }
        long[] ranges = new long[Math.max(4, 2 * count)];
        long size = 0;
        for (int i = 0; i < count; i++) {
            ranges[2 * i] = in.readLong();
            ranges[2 * i + 1] = in.readLong();
            if (ranges[2 * i + 1] < ranges[2 * i] || (i > 0 && ranges[2 * i] <= ranges[2 * i - 1] + 1)) {
                throw new IOException("sequence ranges not sorted and disjoint at range " + i);
            }
            size += ranges[2 * i + 1] - ranges[2 * i] + 1;
        }
        return new SeqSet(ranges, count, Math.toIntExact(size));
    }
}
