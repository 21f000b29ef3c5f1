package io.citypulse.batch.views;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The four batch views' rows for the covered days, collected to the driver (a few rows per sensor, hour and measure). */
final class ViewRows {

    final List<Row> sensorHourly = new ArrayList<>();
    final List<Row> sensorDaily = new ArrayList<>();
    final List<Row> zoneHourly = new ArrayList<>();
    final List<Row> zoneDaily = new ArrayList<>();

    void collect(Dataset<Row> measures) {
        sensorHourly.addAll(BatchViewsJob.aggregate(measures, false, "hour_start").collectAsList());
        sensorDaily.addAll(BatchViewsJob.aggregate(measures, false, "day").collectAsList());
        zoneHourly.addAll(BatchViewsJob.aggregate(measures, true, "hour_start").collectAsList());
        zoneDaily.addAll(BatchViewsJob.aggregate(measures, true, "day").collectAsList());
    }

    long size() {
        return sensorHourly.size() + sensorDaily.size() + zoneHourly.size() + zoneDaily.size();
    }
}
