// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.khoemu.kernel.abi.AbiConstant;
import org.khoemu.kernel.abi.AbiField;
import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;

/** A layout table as JSON: {@code {profile, structs: [{name, size, versioned_by, fields}], constants}}. */
public final class LayoutJson {
    private LayoutJson() {
    }

    public static String render(AbiLayout l) {
        JsonObject root = new JsonObject();
        root.addProperty("profile", l.profile());
        JsonArray structs = new JsonArray();
        for (AbiStruct s : l.structs()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", s.name());
            o.addProperty("size", s.size());
            o.addProperty("versioned_by", s.versionedBy());
            o.addProperty("meaning", s.meaning());
            JsonArray fields = new JsonArray();
            for (AbiField f : s.fields()) {
                JsonObject fo = new JsonObject();
                fo.addProperty("name", f.name());
                fo.addProperty("offset", f.offset());
                fo.addProperty("size", f.size());
                fo.addProperty("type", f.type());
                fo.addProperty("meaning", f.meaning());
                fields.add(fo);
            }
            o.add("fields", fields);
            structs.add(o);
        }
        root.add("structs", structs);
        JsonArray constants = new JsonArray();
        for (AbiConstant c : l.constants()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", c.name());
            if (c.isText()) {
                o.addProperty("value", c.text());
            } else {
                o.addProperty("value", c.number());
            }
            o.addProperty("meaning", c.meaning());
            constants.add(o);
        }
        root.add("constants", constants);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }
}
