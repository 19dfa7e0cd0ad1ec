<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>ActivationScreen</name>
    <message>
        <source>Scan this code with the D.DOPA application</source>
        <translation>Quét mã này bằng ứng dụng D.DOPA</translation>
    </message>
    <message>
        <source>The code can be used until %1.</source>
        <translation>Mã này dùng được đến %1.</translation>
    </message>
    <message>
        <source>Ask the citizen to open D.DOPA on their phone, allow the camera, and scan this code.</source>
        <translation>Mời người dân mở ứng dụng D.DOPA trên điện thoại, cho phép dùng máy ảnh, rồi quét mã này.</translation>
    </message>
    <message>
        <source>The code works once. If it runs out, make a new one.</source>
        <translation>Mã chỉ dùng được một lần. Nếu hết hạn, hãy tạo mã mới.</translation>
    </message>
    <message>
        <source>The citizen has scanned it</source>
        <translation>Người dân đã quét xong</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>Mã mới</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Welcome</source>
        <translation>Xin chào</translation>
    </message>
    <message>
        <source>Touch the screen to start</source>
        <translation>Chạm vào màn hình để bắt đầu</translation>
    </message>
    <message>
        <source>or insert your ID card into the reader</source>
        <translation>hoặc đưa thẻ căn cước vào đầu đọc</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
</context>
<context>
    <name>BusyScreen</name>
    <message>
        <source>Printing your ticket…</source>
        <translation>Đang in số thứ tự…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Xin vui lòng chờ trong giây lát.</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <source>no camera found</source>
        <translation>không tìm thấy máy ảnh</translation>
    </message>
    <message>
        <source>it stopped sending pictures</source>
        <translation>máy ảnh ngừng gửi hình</translation>
    </message>
    <message>
        <source>it sent no picture in time</source>
        <translation>máy ảnh không gửi hình kịp thời</translation>
    </message>
    <message>
        <source>it failed</source>
        <translation>máy ảnh bị lỗi</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Máy ảnh</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>chưa cấu hình</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Đang hoạt động</translation>
    </message>
    <message>
        <source>Picture size</source>
        <translation>Kích thước hình</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <translation>%1 × %2 điểm ảnh</translation>
    </message>
    <message>
        <source>Not working (%1)</source>
        <translation>Không hoạt động (%1)</translation>
    </message>
    <message>
        <source>Last test photo: a card was found and photographed; its edges are %1 px wide (the smaller, the sharper; above %2 px a photo is refused as blurred).</source>
        <translation>Ảnh thử gần nhất: đã tìm thấy và chụp được thẻ; cạnh thẻ rộng %1 px (càng nhỏ càng nét; trên %2 px ảnh bị từ chối vì mờ).</translation>
    </message>
    <message>
        <source>Last test photo: no photo was taken.</source>
        <translation>Ảnh thử gần nhất: không chụp được ảnh nào.</translation>
    </message>
    <message>
        <source>Take a test photo</source>
        <translation>Chụp ảnh thử</translation>
    </message>
</context>
<context>
    <name>CameraProblemScreen</name>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
</context>
<context>
    <name>CardReadingNotice</name>
    <message>
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ của bạn…</translation>
    </message>
    <message>
        <source>Please leave the card in the reader.</source>
        <translation>Xin để nguyên thẻ trong đầu đọc.</translation>
    </message>
    <message>
        <source>The card was taken out too early. Please insert it again and leave it in.</source>
        <translation>Thẻ đã bị rút ra quá sớm. Xin đưa thẻ vào lại và để nguyên.</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your national ID card.</source>
        <translation>Không đọc được loại thẻ này. Xin dùng thẻ căn cước của bạn.</translation>
    </message>
    <message>
        <source>No card was found in the reader. Please insert your ID card.</source>
        <translation>Không thấy thẻ trong đầu đọc. Xin đưa thẻ căn cước vào.</translation>
    </message>
    <message>
        <source>Your card could not be read</source>
        <translation>Không đọc được thẻ của bạn</translation>
    </message>
    <message>
        <source>Please take the card out and insert it again, or type your ID number.</source>
        <translation>Xin rút thẻ ra và đưa vào lại, hoặc nhập số định danh.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
</context>
<context>
    <name>CheckPhotoScreen</name>
    <message>
        <source>Compare the photo with the person</source>
        <translation>So ảnh với người trước mặt</translation>
    </message>
    <message>
        <source>No photo on the card</source>
        <translation>Thẻ không có ảnh</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>Số định danh: %1</translation>
    </message>
    <message>
        <source>Is the person at the counter the person in this photo?</source>
        <translation>Người đang ở quầy có đúng là người trong ảnh không?</translation>
    </message>
    <message>
        <source>Yes, the same person</source>
        <translation>Đúng, cùng một người</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ChipId</name>
    <message>
        <source>The card did not accept the document number, date of birth or expiry date. Please check them and try again.</source>
        <translation>Thẻ không chấp nhận số thẻ, ngày sinh hoặc ngày hết hạn. Vui lòng kiểm tra lại rồi thử lại.</translation>
    </message>
    <message>
        <source>The card details you entered are not correct. Please check them.</source>
        <translation>Thông tin thẻ bạn nhập chưa đúng. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>The card's answer could not be checked. Please lift the card and place it on the reader again.</source>
        <translation>Không kiểm tra được phản hồi của thẻ. Vui lòng nhấc thẻ lên rồi đặt lại lên đầu đọc.</translation>
    </message>
    <message>
        <source>The data on the card could not be read. Please lift the card and place it on the reader again.</source>
        <translation>Không đọc được dữ liệu trên thẻ. Vui lòng nhấc thẻ lên rồi đặt lại lên đầu đọc.</translation>
    </message>
    <message>
        <source>The card was moved away too early. Please place it on the reader again and keep it still.</source>
        <translation>Thẻ bị nhấc ra quá sớm. Vui lòng đặt lại thẻ lên đầu đọc và giữ yên.</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your chip citizen ID card.</source>
        <translation>Không đọc được thẻ này tại đây. Vui lòng dùng thẻ căn cước gắn chip của bạn.</translation>
    </message>
    <message>
        <source>No card was found. Please place your citizen ID card on the reader.</source>
        <translation>Không tìm thấy thẻ. Vui lòng đặt thẻ căn cước lên đầu đọc.</translation>
    </message>
    <message>
        <source>Your card could not be read. Please try again, or ask a staff member for help.</source>
        <translation>Không đọc được thẻ của bạn. Vui lòng thử lại hoặc nhờ cán bộ giúp đỡ.</translation>
    </message>
    <message>
        <source>Please check the card number.</source>
        <translation>Vui lòng kiểm tra lại số thẻ.</translation>
    </message>
    <message>
        <source>Please check the date of birth.</source>
        <translation>Vui lòng kiểm tra lại ngày sinh.</translation>
    </message>
    <message>
        <source>Please check the expiry date.</source>
        <translation>Vui lòng kiểm tra lại ngày hết hạn.</translation>
    </message>
    <message>
        <source>Please check the 6-digit card access number on the front of the card.</source>
        <translation>Vui lòng kiểm tra lại mã truy cập 6 chữ số ở mặt trước của thẻ.</translation>
    </message>
    <message>
        <source>The chip data is genuine.</source>
        <translation>Dữ liệu trong chip là dữ liệu thật.</translation>
    </message>
    <message>
        <source>Warning: the chip data could not be confirmed as genuine.</source>
        <translation>Cảnh báo: không xác nhận được dữ liệu trong chip là thật.</translation>
    </message>
    <message>
        <source>The chip data was read but not checked for authenticity.</source>
        <translation>Đã đọc dữ liệu trong chip nhưng chưa kiểm tra được là thật hay không.</translation>
    </message>
</context>
<context>
    <name>ChipReadingScreen</name>
    <message>
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ của bạn…</translation>
    </message>
    <message>
        <source>Please keep the card still on the reader.</source>
        <translation>Vui lòng giữ yên thẻ trên đầu đọc.</translation>
    </message>
    <message>
        <source>Place your card on the reader</source>
        <translation>Đặt thẻ của bạn lên đầu đọc</translation>
    </message>
    <message>
        <source>Keep it there until the kiosk has finished reading it.</source>
        <translation>Giữ thẻ ở đó cho đến khi máy đọc xong.</translation>
    </message>
    <message>
        <source>The card was taken away too early. Please place it again and keep it still.</source>
        <translation>Thẻ được lấy ra quá sớm. Vui lòng đặt lại và giữ yên thẻ.</translation>
    </message>
    <message>
        <source>Your card could not be read. Place it on the reader again, or go back and type your ID number.</source>
        <translation>Không đọc được thẻ. Hãy đặt lại thẻ lên đầu đọc, hoặc quay lại và nhập số định danh.</translation>
    </message>
</context>
<context>
    <name>ConnectivityIndicator</name>
    <message>
        <source>Online</source>
        <translation>Đã kết nối mạng</translation>
    </message>
    <message>
        <source>Working offline — nothing is lost</source>
        <translation>Tạm thời không có mạng — mọi thông tin vẫn được lưu</translation>
    </message>
</context>
<context>
    <name>CounterScreen</name>
    <message>
        <source>Officer: %1</source>
        <translation>Cán bộ: %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Bước %1 / %2</translation>
    </message>
</context>
<context>
    <name>DevicePage</name>
    <message>
        <source>Check again</source>
        <translation>Kiểm tra lại</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  Quay lại</translation>
    </message>
</context>
<context>
    <name>FingerprintCaptureScreen</name>
    <message>
        <source>right index finger</source>
        <translation>ngón trỏ tay phải</translation>
    </message>
    <message>
        <source>left index finger</source>
        <translation>ngón trỏ tay trái</translation>
    </message>
    <message>
        <source>Lift your finger</source>
        <translation>Nhấc ngón tay lên</translation>
    </message>
    <message>
        <source>Place the same finger again</source>
        <translation>Đặt lại đúng ngón tay đó</translation>
    </message>
    <message>
        <source>Place your finger again, flatter</source>
        <translation>Đặt lại ngón tay, áp phẳng hơn</translation>
    </message>
    <message>
        <source>Place your %1 on the scanner again</source>
        <translation>Đặt lại %1 lên máy quét</translation>
    </message>
    <message>
        <source>Place your %1 on the scanner</source>
        <translation>Đặt %1 lên máy quét</translation>
    </message>
    <message>
        <source>No finger was felt. Press your finger on the glass and keep it still.</source>
        <translation>Máy chưa nhận thấy ngón tay. Hãy ấn ngón tay lên mặt kính và giữ yên.</translation>
    </message>
    <message>
        <source>The print was smudged. Wipe your finger dry and clean, then press gently.</source>
        <translation>Vân tay bị nhòe. Lau khô và sạch ngón tay, rồi ấn nhẹ.</translation>
    </message>
    <message>
        <source>Too little of the finger touched the glass. Lay it flat, covering the whole glass.</source>
        <translation>Ngón tay chạm kính quá ít. Hãy áp phẳng ngón tay, phủ kín mặt kính.</translation>
    </message>
    <message>
        <source>The scanner could not see the finger. Please place it again.</source>
        <translation>Máy quét không nhìn rõ ngón tay. Xin đặt lại.</translation>
    </message>
    <message>
        <source>The two scans did not match. Use the same finger both times and keep it still.</source>
        <translation>Hai lần quét không khớp nhau. Dùng cùng một ngón tay cả hai lần và giữ yên.</translation>
    </message>
    <message>
        <source>The fingerprint scanner is not working. Please call the officer.</source>
        <translation>Máy quét vân tay không hoạt động. Xin gọi cán bộ.</translation>
    </message>
    <message>
        <source>Quality: good</source>
        <translation>Chất lượng: tốt</translation>
    </message>
    <message>
        <source>Quality: fair</source>
        <translation>Chất lượng: khá</translation>
    </message>
    <message>
        <source>Quality: low</source>
        <translation>Chất lượng: thấp</translation>
    </message>
    <message>
        <source>Fingerprint scanner test</source>
        <translation>Thử máy quét vân tay</translation>
    </message>
    <message>
        <source>Fingerprint of the index finger</source>
        <translation>Vân tay ngón trỏ</translation>
    </message>
    <message>
        <source>Scan %1 of %2</source>
        <translation>Lần quét %1 / %2</translation>
    </message>
    <message>
        <source>%1 of %2 scans done</source>
        <translation>Đã quét %1 / %2 lần</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Let us try again</source>
        <translation>Hãy thử lại</translation>
    </message>
    <message>
        <source>Tries left with this finger: %1</source>
        <translation>Số lần thử còn lại với ngón này: %1</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>The %1 could not be scanned</source>
        <translation>Không quét được %1</translation>
    </message>
    <message>
        <source>Use the %1</source>
        <translation>Dùng %1</translation>
    </message>
    <message>
        <source>Stop the test</source>
        <translation>Dừng thử</translation>
    </message>
    <message>
        <source>Hand over to the officer</source>
        <translation>Chuyển cho cán bộ</translation>
    </message>
    <message>
        <source>Fingerprint recorded</source>
        <translation>Đã ghi nhận vân tay</translation>
    </message>
    <message>
        <source>Test capture done</source>
        <translation>Đã quét thử xong</translation>
    </message>
    <message>
        <source>The two scans match (score %1). %2</source>
        <translation>Hai lần quét khớp nhau (điểm %1). %2</translation>
    </message>
    <message>
        <source>Templates stored on the module: %1</source>
        <translation>Số mẫu vân tay lưu trong thiết bị: %1</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Test again</source>
        <translation>Thử lại lần nữa</translation>
    </message>
</context>
<context>
    <name>FingerprintFailedScreen</name>
    <message>
        <source>The fingerprint could not be recorded</source>
        <translation>Không ghi nhận được vân tay</translation>
    </message>
    <message>
        <source>Neither index finger gave a good scan. Clean the scanner glass and try again, or end this enrollment and ask the citizen to come back.</source>
        <translation>Cả hai ngón trỏ đều quét không đạt. Lau sạch mặt kính máy quét rồi thử lại, hoặc kết thúc lần đăng ký này và hẹn người dân quay lại.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>End the enrollment</source>
        <translation>Kết thúc đăng ký</translation>
    </message>
</context>
<context>
    <name>FingerprintPage</name>
    <message>
        <source>Fingerprint scanner</source>
        <translation>Máy quét vân tay</translation>
    </message>
    <message>
        <source>Connected at</source>
        <translation>Kết nối tại</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>chưa cài đặt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Đang hoạt động</translation>
    </message>
    <message>
        <source>Templates stored</source>
        <translation>Mẫu vân tay đã lưu</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Security level</source>
        <translation>Mức bảo mật</translation>
    </message>
    <message>
        <source>%1 (1 lenient – 5 strict)</source>
        <translation>%1 (1 dễ – 5 chặt)</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tốc độ</translation>
    </message>
    <message>
        <source>%1 baud</source>
        <translation>%1 baud</translation>
    </message>
    <message>
        <source>Not answering (%1)</source>
        <translation>Không trả lời (%1)</translation>
    </message>
    <message>
        <source>Last test capture: the two scans match, score %1; templates on the module: %2.</source>
        <translation>Lần quét thử gần nhất: hai lần quét khớp nhau, điểm %1; số mẫu trong thiết bị: %2.</translation>
    </message>
    <message>
        <source>Last test capture failed (%1).</source>
        <translation>Lần quét thử gần nhất không thành công (%1).</translation>
    </message>
    <message>
        <source>Test capture</source>
        <translation>Quét thử</translation>
    </message>
</context>
<context>
    <name>FinishedScreen</name>
    <message>
        <source>Enrollment complete</source>
        <translation>Đăng ký xong</translation>
    </message>
    <message>
        <source>The enrollment is saved. The digital ID card appears in the citizen's D.DOPA application. Give the ID card back to the citizen.</source>
        <translation>Đã lưu đăng ký. Thẻ định danh số sẽ hiện trong ứng dụng D.DOPA của người dân. Hãy trả lại thẻ căn cước cho người dân.</translation>
    </message>
    <message>
        <source>Digital ID card</source>
        <translation>Thẻ định danh số</translation>
    </message>
    <message>
        <source>Next citizen</source>
        <translation>Người tiếp theo</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>◀  Back</source>
        <translation>◀  Quay lại</translation>
    </message>
    <message>
        <source>End  ✕</source>
        <translation>Kết thúc  ✕</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Xin cảm ơn!</translation>
    </message>
    <message>
        <source>Please take your printed slip.</source>
        <translation>Xin mời nhận phiếu đã in.</translation>
    </message>
    <message>
        <source>Do not forget your ID card.</source>
        <translation>Đừng quên lấy lại thẻ căn cước.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
</context>
<context>
    <name>IdNumberScreen</name>
    <message>
        <source>Please type the ID number.</source>
        <translation>Xin nhập số định danh.</translation>
    </message>
    <message>
        <source>An ID number has only digits.</source>
        <translation>Số định danh chỉ gồm chữ số.</translation>
    </message>
    <message>
        <source>The ID number has 13 digits.</source>
        <translation>Số định danh có 13 chữ số.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the last digit does not fit. Check each digit.</source>
        <translation>Số định danh không hợp lệ: chữ số cuối không khớp. Hãy kiểm tra từng chữ số.</translation>
    </message>
    <message>
        <source>This is not a valid ID number.</source>
        <translation>Số định danh không hợp lệ.</translation>
    </message>
    <message>
        <source>The citizen's 13-digit ID number</source>
        <translation>Số định danh 13 chữ số của người dân</translation>
    </message>
    <message>
        <source>Type the number the citizen tells you, or confirm the number on the card.</source>
        <translation>Nhập số người dân đọc cho bạn, hoặc xác nhận số trên thẻ.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Use the number on the card (%1)</source>
        <translation>Dùng số trên thẻ (%1)</translation>
    </message>
    <message>
        <source>This number is not the number on the card. Check it with the citizen.</source>
        <translation>Số này không phải số trên thẻ. Hãy kiểm tra lại với người dân.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Please type your ID number.</source>
        <translation>Xin nhập số định danh cá nhân của bạn.</translation>
    </message>
    <message>
        <source>An ID number has only digits. Please check and type again.</source>
        <translation>Số định danh chỉ gồm chữ số. Xin kiểm tra và nhập lại.</translation>
    </message>
    <message>
        <source>An ID number has %1 digits. Please check and type again.</source>
        <translation>Số định danh có %1 chữ số. Xin kiểm tra và nhập lại.</translation>
    </message>
    <message>
        <source>This is not a valid ID number. Please check each digit.</source>
        <translation>Số định danh không hợp lệ. Xin kiểm tra từng chữ số.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the first three digits are wrong.</source>
        <translation>Số định danh không hợp lệ: ba chữ số đầu không đúng.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: digits 4 to 6 are wrong.</source>
        <translation>Số định danh không hợp lệ: chữ số thứ 4 đến thứ 6 không đúng.</translation>
    </message>
    <message>
        <source>Place your CCCD on the reader, or type your ID number (%1 digits):</source>
        <translation>Đặt thẻ CCCD lên đầu đọc, hoặc nhập số định danh (%1 số):</translation>
    </message>
    <message>
        <source>Insert your ID card into the reader, or type your ID number (%1 digits):</source>
        <translation>Đưa thẻ căn cước vào đầu đọc, hoặc nhập số định danh cá nhân (%1 chữ số):</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>I have a chip ID card: read it</source>
        <translation>Tôi có thẻ căn cước gắn chip: đọc thẻ</translation>
    </message>
    <message>
        <source>This card could not be verified, so it cannot be used here. Please ask an officer at the counter for help.</source>
        <translation>Không xác thực được thẻ này nên không dùng được ở đây. Vui lòng nhờ cán bộ tại quầy giúp đỡ.</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your national ID card.</source>
        <translation>Không đọc được thẻ này ở đây. Vui lòng dùng thẻ căn cước của bạn.</translation>
    </message>
</context>
<context>
    <name>InsertCardScreen</name>
    <message>
        <source>Insert the citizen's ID card</source>
        <translation>Cắm thẻ căn cước của người dân</translation>
    </message>
    <message>
        <source>Ask the citizen for their latest national ID card and insert it into the reader. Its data is read from the chip.</source>
        <translation>Xin thẻ căn cước mới nhất của người dân và cắm vào đầu đọc. Dữ liệu được đọc từ chip.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Bigger text</source>
        <translation>Chữ to hơn</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <source>Choose your language</source>
        <translation>Chọn ngôn ngữ</translation>
    </message>
</context>
<context>
    <name>LockedScreen</name>
    <message>
        <source>Technician mode is locked</source>
        <translation>Chế độ kỹ thuật viên đang bị khóa</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again after %1.</source>
        <translation>Nhập sai mã PIN quá nhiều lần. Thử lại sau %1.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>Take a queue number for a counter</source>
        <translation>Lấy số thứ tự tại quầy</translation>
    </message>
    <message>
        <source>See the data on my ID card</source>
        <translation>Xem thông tin trên thẻ căn cước</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>Xin chào, %1</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>Xin chào</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>Số định danh: %1</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>Bạn muốn làm gì?</translation>
    </message>
</context>
<context>
    <name>MrzEntryScreen</name>
    <message>
        <source>12 digits, on the front of the card</source>
        <translation>12 số, in ở mặt trước thẻ</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>ngày/tháng/năm</translation>
    </message>
    <message>
        <source>✓  Back of the card: %1</source>
        <translation>✓  Mặt sau thẻ: %1</translation>
    </message>
    <message>
        <source>Please fill this in.</source>
        <translation>Vui lòng nhập thông tin này.</translation>
    </message>
    <message>
        <source>Please type the whole date: dd/mm/yyyy.</source>
        <translation>Vui lòng nhập đủ ngày/tháng/năm.</translation>
    </message>
    <message>
        <source>Only digits, please.</source>
        <translation>Chỉ nhập chữ số.</translation>
    </message>
    <message>
        <source>Type the 12 digits of your ID number.</source>
        <translation>Nhập đủ 12 số của số định danh.</translation>
    </message>
    <message>
        <source>The last digit does not match. Please check the number.</source>
        <translation>Chữ số cuối không khớp. Vui lòng kiểm tra lại số.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the first three digits are wrong.</source>
        <translation>Số định danh không hợp lệ: ba chữ số đầu không đúng.</translation>
    </message>
    <message>
        <source>This date does not exist. Please check it.</source>
        <translation>Ngày này không có thật. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>This date is in the future. Please check it.</source>
        <translation>Ngày này chưa tới. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>The expiry must come after the date of birth.</source>
        <translation>Ngày hết hạn phải sau ngày sinh.</translation>
    </message>
    <message>
        <source>This ID number does not match the year of birth. Please check both.</source>
        <translation>Số định danh không khớp với năm sinh. Vui lòng kiểm tra cả hai.</translation>
    </message>
    <message>
        <source>The card did not accept the document number, date of birth or expiry. Please check them.</source>
        <translation>Thẻ không chấp nhận số thẻ, ngày sinh hoặc ngày hết hạn. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>The back of the card could not be read. Please type the numbers.</source>
        <translation>Không đọc được mặt sau của thẻ. Vui lòng nhập các số bằng tay.</translation>
    </message>
    <message>
        <source>Your card is on the reader. Type what is printed on it:</source>
        <translation>Thẻ đã ở trên đầu đọc. Hãy nhập các thông tin in trên thẻ:</translation>
    </message>
    <message>
        <source>Type what is printed on your card, then place it on the reader:</source>
        <translation>Nhập các thông tin in trên thẻ, rồi đặt thẻ lên đầu đọc:</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>Ngày hết hạn</translation>
    </message>
    <message>
        <source>Read my card</source>
        <translation>Đọc thẻ của tôi</translation>
    </message>
    <message>
        <source>Scan with camera</source>
        <translation>Quét bằng camera</translation>
    </message>
</context>
<context>
    <name>OwnDataScreen</name>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Please insert your ID card</source>
        <translation>Xin đưa thẻ căn cước vào</translation>
    </message>
    <message>
        <source>Your data is read from the card's chip. Insert the card into the reader.</source>
        <translation>Thông tin được đọc từ chip của thẻ. Xin đưa thẻ vào đầu đọc.</translation>
    </message>
    <message>
        <source>The data on your ID card</source>
        <translation>Thông tin trên thẻ căn cước của bạn</translation>
    </message>
    <message>
        <source>Only you can see this. It disappears when you take out your card.</source>
        <translation>Chỉ bạn nhìn thấy thông tin này. Thông tin sẽ biến mất khi bạn rút thẻ ra.</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>Tên tiếng Anh</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Quốc tịch</translation>
    </message>
    <message>
        <source>Ethnicity</source>
        <translation>Dân tộc</translation>
    </message>
    <message>
        <source>Religion</source>
        <translation>Tôn giáo</translation>
    </message>
    <message>
        <source>Place of origin</source>
        <translation>Quê quán</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Place of residence</source>
        <translation>Nơi thường trú</translation>
    </message>
    <message>
        <source>Identifying marks</source>
        <translation>Đặc điểm nhận dạng</translation>
    </message>
    <message>
        <source>Date of issue</source>
        <translation>Ngày cấp</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>Ngày hết hạn</translation>
    </message>
    <message>
        <source>Father</source>
        <translation>Cha</translation>
    </message>
    <message>
        <source>Mother</source>
        <translation>Mẹ</translation>
    </message>
    <message>
        <source>Former ID number</source>
        <translation>Số CMND cũ</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Không thời hạn</translation>
    </message>
    <message>
        <source>No expiry date</source>
        <translation>Không thời hạn</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <source>✓  The chip was checked: this data is genuine.</source>
        <translation>✓  Đã kiểm tra chip: thông tin này là thật.</translation>
    </message>
    <message>
        <source>This kiosk could not check the chip's certificate. If something looks wrong, ask an officer.</source>
        <translation>Máy không kiểm tra được chứng thư của chip. Nếu thấy thông tin sai, hãy hỏi cán bộ.</translation>
    </message>
    <message>
        <source>This card could not be verified. Please ask an officer for help.</source>
        <translation>Không xác thực được thẻ này. Vui lòng nhờ cán bộ giúp đỡ.</translation>
    </message>
</context>
<context>
    <name>PasscodeScreen</name>
    <message>
        <source>Please type a passcode.</source>
        <translation>Xin nhập mã bí mật.</translation>
    </message>
    <message>
        <source>Use digits only.</source>
        <translation>Chỉ dùng chữ số.</translation>
    </message>
    <message>
        <source>The passcode has %1 digits.</source>
        <translation>Mã bí mật có %1 chữ số.</translation>
    </message>
    <message>
        <source>Digits in a row like 1234 or 4321 are too easy to guess. Choose another.</source>
        <translation>Các số liền nhau như 1234 hay 4321 quá dễ đoán. Hãy chọn mã khác.</translation>
    </message>
    <message>
        <source>One digit is used too often, like 1111. Choose another.</source>
        <translation>Một chữ số lặp lại quá nhiều, như 1111. Hãy chọn mã khác.</translation>
    </message>
    <message>
        <source>The two passcodes are not the same. Please set it again.</source>
        <translation>Hai mã bí mật không giống nhau. Xin đặt lại.</translation>
    </message>
    <message>
        <source>That is not the passcode you set. Please try again.</source>
        <translation>Đó không phải mã bí mật bạn vừa đặt. Xin thử lại.</translation>
    </message>
    <message>
        <source>The citizen sets a %1-digit passcode</source>
        <translation>Người dân đặt mã bí mật %1 chữ số</translation>
    </message>
    <message>
        <source>Not more than %1 digits in a row (like 1234 or 4321), no digit more than %2 times (like 1111). The passcode is not shown.</source>
        <translation>Không quá %1 số liền nhau (như 1234 hay 4321), không chữ số nào lặp quá %2 lần (như 1111). Mã không hiện ra màn hình.</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  Quay lại</translation>
    </message>
    <message>
        <source>Type the same passcode again</source>
        <translation>Nhập lại đúng mã bí mật đó</translation>
    </message>
    <message>
        <source>Both passcodes must be the same.</source>
        <translation>Hai lần nhập phải giống nhau.</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Xác nhận đồng ý</translation>
    </message>
    <message>
        <source>I agree that the Department of Provincial Administration registers my digital ID with my ID card data and fingerprint, under the terms of the D.DOPA service.</source>
        <translation>Tôi đồng ý để Cục Hành chính cấp tỉnh (Thái Lan) đăng ký định danh số cho tôi bằng dữ liệu thẻ căn cước và vân tay của tôi, theo điều khoản của dịch vụ D.DOPA.</translation>
    </message>
    <message>
        <source>To agree, type your passcode once more.</source>
        <translation>Để đồng ý, hãy nhập mã bí mật thêm một lần.</translation>
    </message>
    <message>
        <source>I do not agree</source>
        <translation>Tôi không đồng ý</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>PhotoCapture</name>
    <message>
        <source>Photo of the front of your ID card</source>
        <translation>Chụp mặt trước thẻ căn cước</translation>
    </message>
    <message>
        <source>Photo of the back of your ID card</source>
        <translation>Chụp mặt sau thẻ căn cước</translation>
    </message>
    <message>
        <source>Photo of your face</source>
        <translation>Chụp ảnh khuôn mặt của bạn</translation>
    </message>
    <message>
        <source>Photo of your document</source>
        <translation>Chụp ảnh giấy tờ của bạn</translation>
    </message>
    <message>
        <source>Hold the front of your card flat under the camera.</source>
        <translation>Giữ mặt trước của thẻ phẳng dưới máy ảnh.</translation>
    </message>
    <message>
        <source>Turn the card over and hold the back under the camera.</source>
        <translation>Lật thẻ lại và giữ mặt sau dưới máy ảnh.</translation>
    </message>
    <message>
        <source>Look straight at the camera. Take off glasses and hat.</source>
        <translation>Nhìn thẳng vào máy ảnh. Bỏ kính và mũ ra.</translation>
    </message>
    <message>
        <source>Hold the page flat under the camera.</source>
        <translation>Giữ trang giấy phẳng dưới máy ảnh.</translation>
    </message>
    <message>
        <source>Good. Hold still…</source>
        <translation>Tốt. Giữ yên…</translation>
    </message>
    <message>
        <source>Hold your card in front of the camera</source>
        <translation>Đưa thẻ của bạn vào trước máy ảnh</translation>
    </message>
    <message>
        <source>Show the whole card: move it to the middle</source>
        <translation>Cho thấy cả thẻ: đưa thẻ vào giữa</translation>
    </message>
    <message>
        <source>Move closer to the camera</source>
        <translation>Đưa lại gần máy ảnh hơn</translation>
    </message>
    <message>
        <source>Move a little further away</source>
        <translation>Đưa ra xa một chút</translation>
    </message>
    <message>
        <source>It is too dark: move into the light</source>
        <translation>Tối quá: đưa ra chỗ sáng hơn</translation>
    </message>
    <message>
        <source>Tilt it a little to avoid reflections</source>
        <translation>Nghiêng nhẹ một chút để không bị lóa</translation>
    </message>
    <message>
        <source>Hold still</source>
        <translation>Giữ yên</translation>
    </message>
    <message>
        <source>The picture is blurred: hold still</source>
        <translation>Ảnh bị mờ: giữ yên</translation>
    </message>
    <message>
        <source>Look at the camera</source>
        <translation>Nhìn vào máy ảnh</translation>
    </message>
    <message>
        <source>Move so that your face is in the middle</source>
        <translation>Di chuyển để khuôn mặt ở chính giữa</translation>
    </message>
    <message>
        <source>Only one person, please</source>
        <translation>Xin chỉ một người</translation>
    </message>
    <message>
        <source>The camera is not working.</source>
        <translation>Máy ảnh không hoạt động.</translation>
    </message>
    <message>
        <source>The camera stopped working.</source>
        <translation>Máy ảnh đã ngừng hoạt động.</translation>
    </message>
    <message>
        <source>The camera is not sending pictures.</source>
        <translation>Máy ảnh không gửi hình.</translation>
    </message>
    <message>
        <source>Please try again. If it happens again, please ask at the counter.</source>
        <translation>Vui lòng thử lại. Nếu vẫn bị lỗi, xin hỏi tại quầy.</translation>
    </message>
</context>
<context>
    <name>PhotoReviewScreen</name>
    <message>
        <source>Is this photo good?</source>
        <translation>Ảnh này có được không?</translation>
    </message>
    <message>
        <source>Your whole face should be sharp and well lit.</source>
        <translation>Cả khuôn mặt phải rõ nét và đủ sáng.</translation>
    </message>
    <message>
        <source>All the writing should be sharp and easy to read, with no reflections.</source>
        <translation>Mọi chữ phải rõ nét, dễ đọc và không bị lóa.</translation>
    </message>
    <message>
        <source>Take it again</source>
        <translation>Chụp lại</translation>
    </message>
    <message>
        <source>Use this photo</source>
        <translation>Dùng ảnh này</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Enter the technician PIN</source>
        <translation>Nhập mã PIN kỹ thuật viên</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>◀  Back</source>
        <translation>◀  Quay lại</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left: %1</source>
        <translation>Sai mã PIN. Còn %1 lần thử</translation>
    </message>
    <message>
        <source>No technician PIN is set up on this kiosk (technician.pin_hash).</source>
        <translation>Máy này chưa cài mã PIN kỹ thuật viên (technician.pin_hash).</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>đang chờ</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>đang in</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>đã in</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>bị gián đoạn</translation>
    </message>
    <message>
        <source>Slips go to</source>
        <translation>Phiếu được gửi tới</translation>
    </message>
    <message>
        <source>Print queue</source>
        <translation>Hàng đợi in</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>trống</translation>
    </message>
    <message>
        <source>The test page was printed.</source>
        <translation>Đã in trang thử.</translation>
    </message>
    <message>
        <source>The test page was not printed (%1).</source>
        <translation>Chưa in được trang thử (%1).</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>In trang thử</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <source>Sorry, no number could be issued.</source>
        <translation>Xin lỗi, chưa cấp được số thứ tự.</translation>
    </message>
    <message>
        <source>This machine has no more numbers for this service today. Please ask at the counter.</source>
        <translation>Máy này đã hết số thứ tự cho dịch vụ này trong hôm nay. Xin hỏi cán bộ tại quầy.</translation>
    </message>
    <message>
        <source>Please try again. If it happens again, please ask at the counter.</source>
        <translation>Xin thử lại. Nếu vẫn không được, xin hỏi cán bộ tại quầy.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
</context>
<context>
    <name>QueueCategoryScreen</name>
    <message>
        <source>Which service do you need?</source>
        <translation>Bạn cần làm thủ tục gì?</translation>
    </message>
    <message>
        <source>Touch one. You will get a printed number for the counter.</source>
        <translation>Chạm vào một mục. Bạn sẽ nhận phiếu số thứ tự để đến quầy.</translation>
    </message>
</context>
<context>
    <name>ReadersPage</name>
    <message>
        <source>Card readers</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <source>This kiosk uses</source>
        <translation>Máy này dùng</translation>
    </message>
    <message>
        <source>PC/SC reader %1</source>
        <translation>Đầu đọc PC/SC %1</translation>
    </message>
    <message>
        <source>PC/SC readers</source>
        <translation>Đầu đọc PC/SC</translation>
    </message>
    <message>
        <source>none found (is pcscd running? is a reader plugged in?)</source>
        <translation>không tìm thấy (pcscd có đang chạy không? đầu đọc đã cắm chưa?)</translation>
    </message>
</context>
<context>
    <name>SaveFailedScreen</name>
    <message>
        <source>The enrollment could not be saved</source>
        <translation>Không lưu được đăng ký</translation>
    </message>
    <message>
        <source>Nothing was recorded. Try again; if it fails again, call a technician.</source>
        <translation>Chưa có gì được ghi lại. Hãy thử lại; nếu vẫn lỗi, xin gọi kỹ thuật viên.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>End the enrollment</source>
        <translation>Kết thúc đăng ký</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Office</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Ki-ốt</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Hồ sơ quốc gia</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Chế độ</translation>
    </message>
    <message>
        <source>Idle timeout / warning (s)</source>
        <translation>Hết thời gian chờ / cảnh báo (giây)</translation>
    </message>
    <message>
        <source>Simulated devices</source>
        <translation>Thiết bị mô phỏng</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <source>Fingerprint scanner</source>
        <translation>Máy quét vân tay</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Máy ảnh</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Máy chủ</translation>
    </message>
    <message>
        <source>Software version</source>
        <translation>Phiên bản phần mềm</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>Settings file</source>
        <translation>Tệp cài đặt</translation>
    </message>
    <message>
        <source>To change a setting, edit the settings file and restart the kiosk.</source>
        <translation>Để thay đổi cài đặt, hãy sửa tệp cài đặt rồi khởi động lại ki-ốt.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Officer sign-in</source>
        <translation>Cán bộ đăng nhập</translation>
    </message>
    <message>
        <source>Assisted enrollment for the digital ID. Sign in with your officer account.</source>
        <translation>Đăng ký định danh số có cán bộ hỗ trợ. Đăng nhập bằng tài khoản cán bộ.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Too many wrong tries. Sign-in is locked until %1.</source>
        <translation>Nhập sai quá nhiều lần. Đăng nhập bị khóa đến %1.</translation>
    </message>
    <message>
        <source>The username or password is wrong.</source>
        <translation>Tên đăng nhập hoặc mật khẩu không đúng.</translation>
    </message>
    <message>
        <source>Tries left: %1</source>
        <translation>Còn %1 lần thử</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>QUEUE TICKET</source>
        <translation>PHIẾU SỐ THỨ TỰ</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Số của bạn</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>Số người đang chờ trước bạn: %1</translation>
    </message>
    <message>
        <source>Estimated wait: about %1 minutes</source>
        <translation>Thời gian chờ dự kiến: khoảng %1 phút</translation>
    </message>
    <message>
        <source>Issued: %1</source>
        <translation>Thời gian lấy số: %1</translation>
    </message>
    <message>
        <source>Please wait until your number is called.</source>
        <translation>Xin vui lòng chờ đến khi được gọi số.</translation>
    </message>
    <message>
        <source>DOSSIER RECEIPT AND RESULT APPOINTMENT</source>
        <translation>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp hồ sơ</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Processing unit</source>
        <translation>Đơn vị giải quyết</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Ngày nộp</translation>
    </message>
    <message>
        <source>Results due on</source>
        <translation>Ngày hẹn trả kết quả</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Bring this receipt when you collect the results. Scan the QR code to look up your dossier.</source>
        <translation>Vui lòng mang theo giấy này khi đến nhận kết quả. Quét mã QR để tra cứu hồ sơ.</translation>
    </message>
    <message>
        <source>RECEIPT FOR FEES AND CHARGES</source>
        <translation>BIÊN LAI THU PHÍ, LỆ PHÍ</translation>
    </message>
    <message>
        <source>Collected by</source>
        <translation>Đơn vị thu</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Nội dung thu</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <source>Transaction fee</source>
        <translation>Phí giao dịch</translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation>Tổng số tiền thanh toán</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>Hình thức thanh toán</translation>
    </message>
    <message>
        <source>Transaction reference</source>
        <translation>Mã giao dịch</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>Thời gian thanh toán</translation>
    </message>
    <message>
        <source>Payment successful. Keep this receipt as proof of payment.</source>
        <translation>Thanh toán thành công. Vui lòng giữ biên lai này làm chứng từ thanh toán.</translation>
    </message>
    <message>
        <source>APPOINTMENT SLIP</source>
        <translation>PHIẾU HẸN</translation>
    </message>
    <message>
        <source>Booking reference</source>
        <translation>Mã lịch hẹn</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dịch vụ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày hẹn</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Khung giờ</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Nơi tiếp nhận</translation>
    </message>
    <message>
        <source>Check in at the kiosk on the day to get a priority queue number.</source>
        <translation>Vào ngày hẹn, vui lòng xác nhận tại ki-ốt để nhận số thứ tự ưu tiên.</translation>
    </message>
    <message>
        <source>REGISTRATION CONFIRMATION</source>
        <translation>XÁC NHẬN ĐĂNG KÝ</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Nội dung đăng ký</translation>
    </message>
    <message>
        <source>Public service portal account</source>
        <translation>Tài khoản Cổng Dịch vụ công</translation>
    </message>
    <message>
        <source>Digital ID (D.DOPA)</source>
        <translation>Tài khoản định danh điện tử (D.DOPA)</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Registered at</source>
        <translation>Thời gian đăng ký</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Mã tham chiếu</translation>
    </message>
    <message>
        <source>Sign in to the public service portal or at this kiosk with your ID number and your password.</source>
        <translation>Đăng nhập Cổng Dịch vụ công hoặc tại ki-ốt này bằng số định danh và mật khẩu của bạn.</translation>
    </message>
    <message>
        <source>Open the D.DOPA app on your phone and sign in with the passcode you set.</source>
        <translation>Mở ứng dụng D.DOPA trên điện thoại và đăng nhập bằng mật mã bạn đã đặt.</translation>
    </message>
    <message>
        <source>Never tell anyone your password, passcode or OTP.</source>
        <translation>Tuyệt đối không cung cấp mật khẩu, mật mã hoặc mã OTP cho bất kỳ ai.</translation>
    </message>
</context>
<context>
    <name>StaffBusyScreen</name>
    <message>
        <source>Checking the sign-in…</source>
        <translation>Đang kiểm tra đăng nhập…</translation>
    </message>
    <message>
        <source>Checking the PIN…</source>
        <translation>Đang kiểm tra mã PIN…</translation>
    </message>
    <message>
        <source>Saving the enrollment…</source>
        <translation>Đang lưu đăng ký…</translation>
    </message>
    <message>
        <source>Asking the device…</source>
        <translation>Đang hỏi thiết bị…</translation>
    </message>
    <message>
        <source>Printing the test page…</source>
        <translation>Đang in trang thử…</translation>
    </message>
    <message>
        <source>Taking the test photo…</source>
        <translation>Đang chụp ảnh thử…</translation>
    </message>
    <message>
        <source>Sending to the server…</source>
        <translation>Đang gửi lên máy chủ…</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>Xin chờ…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Xin chờ một chút.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Connected</source>
        <translation>Đã kết nối</translation>
    </message>
    <message>
        <source>No connection (working offline)</source>
        <translation>Mất kết nối (đang làm việc ngoại tuyến)</translation>
    </message>
    <message>
        <source>Not tried yet</source>
        <translation>Chưa thử kết nối</translation>
    </message>
    <message>
        <source>Not enrolled with a server</source>
        <translation>Chưa đăng ký với máy chủ</translation>
    </message>
    <message>
        <source>The server no longer accepts this kiosk: enroll it again</source>
        <translation>Máy chủ không còn chấp nhận ki-ốt này: hãy đăng ký lại</translation>
    </message>
    <message>
        <source>The server needs a newer kiosk version</source>
        <translation>Máy chủ yêu cầu phiên bản ki-ốt mới hơn</translation>
    </message>
    <message>
        <source>Sync is turned off on this kiosk</source>
        <translation>Đồng bộ đang tắt trên ki-ốt này</translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation>Kết nối với máy chủ</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Máy chủ</translation>
    </message>
    <message>
        <source>not enrolled (kiosk sync enroll)</source>
        <translation>chưa đăng ký (kiosk sync enroll)</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <source>Last synced</source>
        <translation>Đồng bộ lần cuối</translation>
    </message>
    <message>
        <source>%1 (oldest from %2)</source>
        <translation>%1 (cũ nhất từ %2)</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Đang chờ gửi</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Bị máy chủ từ chối</translation>
    </message>
    <message>
        <source>Last problem</source>
        <translation>Sự cố gần nhất</translation>
    </message>
    <message>
        <source>%1 refused transactions are waiting to be sent again.</source>
        <translation>%1 giao dịch bị từ chối đang chờ gửi lại.</translation>
    </message>
    <message>
        <source>The sync did not reach the server: %1</source>
        <translation>Không đồng bộ được với máy chủ: %1</translation>
    </message>
    <message>
        <source>Synced: %1 sent, %2 accepted by the server, %3 refused.</source>
        <translation>Đã đồng bộ: gửi %1, máy chủ nhận %2, từ chối %3.</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <source>Send refused again</source>
        <translation>Gửi lại giao dịch bị từ chối</translation>
    </message>
</context>
<context>
    <name>TechnicianMenuScreen</name>
    <message>
        <source>Fingerprint scanner</source>
        <translation>Máy quét vân tay</translation>
    </message>
    <message>
        <source>Card readers</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Máy ảnh</translation>
    </message>
    <message>
        <source>Connection to the server</source>
        <translation>Kết nối với máy chủ</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>Officer's counter (assisted enrollment)</source>
        <translation>Quầy cán bộ (đăng ký có hỗ trợ)</translation>
    </message>
    <message>
        <source>Choose a device to check</source>
        <translation>Chọn thiết bị cần kiểm tra</translation>
    </message>
    <message>
        <source>Leave technician mode</source>
        <translation>Thoát chế độ kỹ thuật viên</translation>
    </message>
</context>
<context>
    <name>TechnicianScreen</name>
    <message>
        <source>Technician mode</source>
        <translation>Chế độ kỹ thuật viên</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Your number is</source>
        <translation>Số thứ tự của bạn là</translation>
    </message>
    <message>
        <source>Nobody is ahead of you.</source>
        <translation>Không có ai chờ trước bạn.</translation>
    </message>
    <message>
        <source>People ahead of you: %1. Estimated wait: about %2 minutes.</source>
        <translation>Số người chờ trước bạn: %1. Thời gian chờ dự kiến: khoảng %2 phút.</translation>
    </message>
    <message>
        <source>Issued %1</source>
        <translation>Lấy số lúc %1</translation>
    </message>
    <message>
        <source>Please take your printed ticket below the screen.</source>
        <translation>Xin mời nhận phiếu số thứ tự ở khe dưới màn hình.</translation>
    </message>
    <message>
        <source>The printer could not print. Your number is saved: remember it, or take a photo of this screen.</source>
        <translation>Máy in chưa in được phiếu. Số của bạn đã được ghi nhận: xin ghi nhớ số hoặc chụp ảnh màn hình này.</translation>
    </message>
    <message>
        <source>Another service</source>
        <translation>Dịch vụ khác</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
</context>
<context>
    <name>TimeoutWarning</name>
    <message>
        <source>Do you need more time?</source>
        <translation>Bạn có cần thêm thời gian không?</translation>
    </message>
    <message>
        <source>This session will end in %1 seconds.</source>
        <translation>Phiên làm việc sẽ kết thúc sau %1 giây.</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Có, tôi cần thêm thời gian</translation>
    </message>
    <message>
        <source>No, I am finished</source>
        <translation>Không, tôi đã xong</translation>
    </message>
</context>
</TS>